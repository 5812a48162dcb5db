import { describe, expect, it } from 'vitest';
import { makeMessage } from '../../shared/ami';
import { channelRow, collectList, durationSeconds, isSafeToReplay } from '../../electron/ajam/actions';
import { errors, writeClassesFor } from '../../electron/ajam/errors';
import { backoffMs } from '../../electron/ajam/events';
import { readSessionCookie } from '../../electron/ajam/session';
import { normalizeFingerprint, requireFingerprint } from '../../electron/ajam/tls';
import { parseBaseUrl } from '../../electron/ajam/url';
import { parseRawman } from '../../electron/ajam/rawman';
import { responsesOf } from './capture';
import { CHANNEL_ROW_KEYS } from './helpers';

const msg = (...lines: Array<[string, string]>) => makeMessage(lines);

describe('session cookie', () => {
  it('keeps mansession_id exactly as Asterisk sets it, quotes included, with Max-Age', () => {
    expect(readSessionCookie(['mansession_id="5c3f1922"; Version=1; Max-Age=60'])).toEqual({
      id: '"5c3f1922"',
      maxAge: 60,
    });
    expect(readSessionCookie(['mansession_id=0a0b0c0d; Version=1'])).toEqual({ id: '0a0b0c0d' });
    expect(readSessionCookie(['other=1', 'x=2; mansession_id="00000001"; Max-Age=5'])).toEqual({
      id: '"00000001"',
      maxAge: 5,
    });
    expect(readSessionCookie([])).toBeUndefined();
  });

  it('reads every Set-Cookie of the rawman captures', () => {
    for (const name of ['01-rawman-login-success.http', '07i-rawman-login-httptimeout5.http']) {
      const [res] = responsesOf(name, 'text/plain');
      const header = res!.headers.filter(([k]) => k === 'Set-Cookie').map(([, v]) => v);
      const c = readSessionCookie(header);
      expect(c?.id).toMatch(/^"[0-9a-f]{8}"$/);
      expect(c?.maxAge).toBe(name.startsWith('07i') ? 5 : 60);
    }
  });
});

describe('backoff', () => {
  it('doubles up to the cap and stays within [half, full] of each step', () => {
    expect(backoffMs(1, () => 0)).toBe(250);
    expect(backoffMs(1, () => 1)).toBe(500);
    expect(backoffMs(3, () => 1)).toBe(2000);
    expect(backoffMs(30, () => 1)).toBe(30_000);
    expect(backoffMs(30, () => 0)).toBe(15_000);
    const spread = new Set(Array.from({ length: 50 }, () => backoffMs(4, Math.random)));
    expect(spread.size).toBeGreaterThan(10);
  });
});

describe('lists and rows', () => {
  it('collects the items of its own ActionID up to the completion event (04t)', () => {
    const [res] = responsesOf('04t-rawman-coreshowchannels-with-channels.http', 'text/plain');
    const list = collectList(parseRawman(res!.body).messages, 'csc-1');
    expect(list.events).toHaveLength(4);
    expect(list.complete?.fields['listitems']).toBe('4');
    const row = channelRow(list.events[0]!);
    expect(Object.keys(row)).toEqual(CHANNEL_ROW_KEYS);
    expect(row).toMatchObject({ state: 'Up', bridgeId: null, durationSeconds: 74, context: 'demo' });
  });

  it('ignores events of another ActionID', () => {
    const list = collectList(
      [
        msg(['Response', 'Success'], ['EventList', 'start']),
        msg(['Event', 'X'], ['ActionID', 'other']),
        msg(['Event', 'X'], ['ActionID', 'me']),
        msg(['Event', 'XComplete'], ['ActionID', 'me'], ['EventList', 'Complete']),
      ],
      'me',
    );
    expect(list.events).toHaveLength(1);
    expect(list.complete).toBeDefined();
  });

  it('reads durations', () => {
    expect(durationSeconds('00:01:14')).toBe(74);
    expect(durationSeconds('100:00:01')).toBe(360_001);
    expect(durationSeconds('')).toBe(0);
    expect(durationSeconds(undefined)).toBe(0);
  });

  it('replays only actions that change nothing', () => {
    for (const a of ['Ping', 'coreshowchannels', 'Status', 'Getvar', 'WaitEvent', 'BridgeList'])
      expect(isSafeToReplay(a)).toBe(true);
    for (const a of ['Originate', 'Hangup', 'Redirect', 'Command', 'Setvar', 'UserEvent', 'Login'])
      expect(isSafeToReplay(a)).toBe(false);
  });
});

describe('errors, URLs and fingerprints', () => {
  it('names the manager.conf class a denied action needs', () => {
    expect(writeClassesFor('ORIGINATE')).toEqual(['originate']);
    expect(errors.permission('limited', 'Command').message).toMatch(/user "limited" needs write = command/);
    expect(errors.permission('limited', 'Frobnicate').message).toMatch(/lacks the write class/);
  });

  it('keeps the prefix of the base URL', () => {
    expect(parseBaseUrl('http://pbx:8088/asterisk/').prefix).toBe('/asterisk');
    expect(parseBaseUrl('https://pbx:8089').prefix).toBe('');
  });

  it('normalises SHA-256 fingerprints and refuses others', () => {
    const hex = 'ab'.repeat(32);
    expect(normalizeFingerprint('AB:'.repeat(31) + 'AB')).toBe(hex);
    expect(normalizeFingerprint(hex.toUpperCase())).toBe(hex);
    expect(normalizeFingerprint('ab'.repeat(20))).toBeUndefined();
    expect(() => requireFingerprint('zz')).toThrow(/64 hex digits/);
  });
});
