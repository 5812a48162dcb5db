/**
 * Security events for AMI over HTTP, as manager.c's report_*() functions send them through
 * main/security_events.c (required fields in table order, then SessionTV), read from an admin
 * session's WaitEvent; plus what the digest URIs do with permissions.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { get, login, request } from '../wire/replay';
import type { Message } from './messages';
import { EVENT_HEAD, action, drainEvents, field, keys, messages } from './messages';

const COMMON = [
  'EventTV',
  'Severity',
  'Service',
  'EventVersion',
  'AccountID',
  'SessionID',
  'LocalAddress',
  'RemoteAddress',
];
const EPOCH = '1970-01-01T00:00:00.000+0000';
const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

let pbx: DemoPbx;
let admin: string;
beforeAll(async () => {
  pbx = await startDemoPbx({ calls: 0, failedLoginDelayMs: 20 });
  admin = await login(pbx.port, 'admin', '12345');
});
afterAll(() => pbx.close());
beforeEach(async () => {
  await drainEvents(pbx.port, admin);
});

async function securityEvents(): Promise<Message[]> {
  return (await drainEvents(pbx.port, admin)).filter((m) => field(m, 'Privilege') === 'security,all');
}

function only(list: Message[], name: string): Message {
  const found = list.filter((m) => field(m, 'Event') === name);
  expect(
    found.map((m) => field(m, 'Event')),
    name,
  ).toEqual([name]);
  return found[0] as Message;
}

describe('security events of AMI over HTTP', () => {
  it('an action before login: RequestNotAllowed with an empty AccountID and the epoch as SessionTV', async () => {
    await request(pbx.port, get('rawman?action=Ping'));
    const m = only(await securityEvents(), 'RequestNotAllowed');
    expect(keys(m)).toEqual([...EVENT_HEAD, ...COMMON, 'RequestType', 'SessionTV']);
    expect(field(m, 'Severity')).toBe('Error');
    expect(field(m, 'Service')).toBe('AMI');
    expect(field(m, 'EventVersion')).toBe('1');
    expect(field(m, 'AccountID')).toBe('');
    expect(field(m, 'RequestType')).toBe('Action: Ping');
    expect(field(m, 'SessionTV')).toBe(EPOCH);
    expect(field(m, 'RemoteAddress')).toMatch(/^IPV4\/TCP\/127\.0\.0\.1\/\d+$/);
  });

  it('a wrong secret: InvalidPassword at EventVersion 2', async () => {
    await request(pbx.port, get('rawman?action=Login&username=admin&secret=nope'));
    const m = only(await securityEvents(), 'InvalidPassword');
    expect(keys(m)).toEqual([...EVENT_HEAD, ...COMMON, 'SessionTV']);
    expect(field(m, 'EventVersion')).toBe('2');
    expect(field(m, 'AccountID')).toBe('admin');
  });

  it('an unknown user: InvalidAccountID; a missing username reports nothing', async () => {
    await request(pbx.port, get('rawman?action=Login&username=ghost&secret=x'));
    const m = only(await securityEvents(), 'InvalidAccountID');
    expect(keys(m)).toEqual([...EVENT_HEAD, ...COMMON, 'SessionTV']);
    expect(field(m, 'AccountID')).toBe('ghost');
    await request(pbx.port, get('rawman?action=Login&secret=x'));
    expect(await securityEvents()).toEqual([]);
  });

  it('a wrong MD5 key after Challenge: ChallengeResponseFailed with challenge, response and expected', async () => {
    const first = await request(pbx.port, get('rawman?action=Challenge&AuthType=MD5'));
    const id = /mansession_id="([0-9a-f]{8})"/.exec(first.toString('latin1'))?.[1] as string;
    const challenge = field(messages(first)[0] as Message, 'Challenge') as string;
    await request(pbx.port, get('rawman?action=Login&username=admin&AuthType=MD5&Key=00ff', id));
    const m = only(await securityEvents(), 'ChallengeResponseFailed');
    expect(keys(m)).toEqual([
      ...EVENT_HEAD,
      ...COMMON,
      'Challenge',
      'Response',
      'ExpectedResponse',
      'SessionTV',
    ]);
    expect(field(m, 'AccountID')).toBe('');
    expect(field(m, 'Challenge')).toBe(challenge);
    expect(field(m, 'Response')).toBe('00ff');
    expect(field(m, 'ExpectedResponse')).toBe(md5(`${challenge}12345`));
  });

  it('a denied action and an unknown one: RequestNotAllowed and RequestBadFormat (AccountID last)', async () => {
    const limited = await login(pbx.port, 'limited', '54321');
    await action(pbx.port, limited, 'action=Command&Command=core%20show%20uptime');
    await action(pbx.port, limited, 'action=NoSuchThing');
    const list = await securityEvents();
    expect(list.map((m) => field(m, 'Event'))).toEqual([
      'SuccessfulAuth',
      'RequestNotAllowed',
      'RequestBadFormat',
    ]);
    const denied = list[1] as Message;
    expect(field(denied, 'AccountID')).toBe('limited');
    expect(field(denied, 'RequestType')).toBe('Action: Command');
    expect(field(denied, 'SessionTV')).toBe(field(list[0] as Message, 'SessionTV'));
    const bad = list[2] as Message;
    expect(keys(bad)).toEqual([
      ...EVENT_HEAD,
      ...COMMON.filter((k) => k !== 'AccountID'),
      'RequestType',
      'SessionTV',
      'AccountID',
    ]);
    expect(field(bad, 'RequestType')).toBe('Action: NoSuchThing');
    // read=call: the limited user's own WaitEvent never shows security events.
    const own = await drainEvents(pbx.port, limited);
    expect(own.filter((m) => field(m, 'Privilege') === 'security,all')).toEqual([]);
  });

  it('a request without action: RequestBadFormat for "Action: NONE"', async () => {
    await request(pbx.port, get('rawman?foo=bar'));
    const m = only(await securityEvents(), 'RequestBadFormat');
    expect(field(m, 'RequestType')).toBe('Action: NONE');
  });
});

describe('digest URIs', () => {
  /** curl --digest in two steps, computed here: the 401's nonce, then the answer to it. */
  async function digest(user: string, secret: string, path: string): Promise<Buffer> {
    const uri = `/asterisk/${path}`;
    const challenge = (await request(pbx.port, `GET ${uri} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)).toString(
      'latin1',
    );
    const nonce = /nonce="([0-9a-f]{8})"/.exec(challenge)?.[1] as string;
    const ha1 = md5(`${user}:ajamtest:${secret}`);
    const response = md5(`${ha1}:${nonce}:00000001:abc:auth:${md5(`GET:${uri}`)}`);
    const auth =
      `Digest username="${user}", realm="ajamtest", nonce="${nonce}", uri="${uri}", cnonce="abc", ` +
      `nc=00000001, qop=auth, response="${response}", opaque="${nonce}", algorithm=MD5`;
    return request(pbx.port, `GET ${uri} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${auth}\r\n\r\n`);
  }

  it('follows the user permissions; a denial is reported with the epoch SessionTV of a digest session', async () => {
    const denied = await digest('limited', '54321', 'arawman?action=Command&command=core%20show%20uptime');
    expect(denied.toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(messages(denied)).toEqual([
      [
        ['Response', 'Error'],
        ['Message', 'Permission denied'],
      ],
    ]);
    const m = only(await securityEvents(), 'RequestNotAllowed');
    expect(field(m, 'AccountID')).toBe('limited');
    expect(field(m, 'SessionTV')).toBe(EPOCH);
    const ok = await digest('limited', '54321', 'arawman?action=Getvar&Variable=X');
    expect(field(messages(ok)[0] as Message, 'Response')).toBe('Success');
  });

  it('a digest session receives events through WaitEvent, without any cookie', async () => {
    const res = await digest('admin', '12345', 'arawman?action=WaitEvent&Timeout=0');
    expect(res.toString('latin1')).not.toMatch(/Set-Cookie/i);
    expect(field(messages(res).at(-1) as Message, 'Event')).toBe('WaitEventComplete');
  });
});
