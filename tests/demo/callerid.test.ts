/**
 * An Originate's CallerID as Asterisk 22.10.1 reads it (ast_callerid_parse + ast_shrink_phone_number
 * in main/callerid.c, called by action_originate in main/manager.c): every Originate of the captures,
 * cases derived from the C source, and the demo PBX over HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { callerIdParse, parseCallerId, shrinkPhoneNumber } from '../../electron/demo/callerid';
import { uriDecode } from '../../electron/demo/manager';
import { startDemoPbx } from '../../electron/demo/server';
import { captureNames, loadCapture } from '../wire/capture';
import { login } from '../wire/replay';
import { action, drainEvents, field, named } from './messages';

describe('Originates of the Asterisk 22.10.1 captures', () => {
  const cases = captureNames().flatMap((name) => {
    const capture = loadCapture(name);
    const text = capture.blocks.map((b) => b.bytes.toString('latin1')).join('\n');
    const requests = capture.blocks
      .filter((b) => b.kind === 'request')
      .map((b) => b.bytes.toString('latin1'));
    return requests.flatMap((r) => {
      const head = r.split('\r\n')[0] ?? '';
      if (!/action=Originate/i.test(head)) return [];
      const cid = /[?&]CallerID=([^& ]*)/i.exec(head)?.[1];
      return cid === undefined ? [] : [{ name, callerId: uriDecode(cid), text }];
    });
  });

  it('holds Originates with a CallerID', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  for (const c of cases) {
    it(`${c.name}: ${c.callerId}`, () => {
      const { name, num } = parseCallerId(c.callerId);
      // The originated channel's Newchannel (and every later snapshot) carries them.
      expect(c.text).toContain(`\r\nCallerIDNum: ${num}\r\nCallerIDName: ${name}\r\n`);
    });
  }
});

describe('ast_callerid_parse, case by case from main/callerid.c', () => {
  const table: ReadonlyArray<readonly [string, string, string]> = [
    // [CallerID, name, number]
    ['"Ana" <555>', 'Ana', '555'],
    // The number comes from the last `<`; `<`, `>` and quotes before it stay in the name.
    ['"Smith <Jr>" <201>', 'Smith <Jr>', '201'],
    ['Smith <Jr> <201>', 'Smith <Jr>', '201'],
    ['"A > B" <202>', 'A > B', '202'],
    ['O"Brien <203>', 'O"Brien', '203'],
    ['"Say \\"hi\\"" <204>', 'Say "hi"', '204'],
    ['a\\\\b <205>', 'a\\b', '205'],
    // The number is everything after the last `<` up to the last `>` after it (or the end).
    ['Ana <55<5>', 'Ana <55', '5'],
    ['Ana <555', 'Ana', '555'],
    ['Ana <5>5>', 'Ana', '5>5'],
    ['<>', '', ''],
    ['"" <100>', '', '100'],
    // ast_shrink_phone_number: spaces, parentheses, `-` outside [], `.` unless last.
    ['Ana <(555) 123-4567>', 'Ana', '5551234567'],
    ['Ana <1.2.>', 'Ana', '12.'],
    ['Ana <[1-3]>', 'Ana', '[1-3]'],
    // A whole quoted value loses its quotes first, and then is parsed again.
    ['"Ana <555>"', 'Ana', '555'],
    // No brackets: a phone number (after shrinking) is the number, anything else the name.
    ['555-1234', '', '5551234'],
    ['  +1 (555) 123  ', '', '+1555123'],
    ['"555"', '555', ''],
    ['Reception', 'Reception', ''],
    ['"Reception"', 'Reception', ''],
    ['12a', '12a', ''],
    ['', '', ''],
    // Unbalanced quotes stay.
    ['"Ana <555>', '"Ana', '555'],
  ];
  for (const [input, name, num] of table) {
    it(JSON.stringify(input), () => {
      expect(parseCallerId(input)).toEqual({ name, num });
    });
  }

  it('keeps no number when the brackets hold only what shrinking removes', () => {
    expect(callerIdParse('Ana < ( ) >')).toEqual({ name: 'Ana', location: ' ( ) ' });
    expect(parseCallerId('Ana < ( ) >')).toEqual({ name: 'Ana', num: '' });
  });

  it('shrinks as ast_shrink_phone_number does', () => {
    expect(shrinkPhoneNumber('(555) 1-2.3.')).toBe('555123.');
    expect(shrinkPhoneNumber('[2-4]-5')).toBe('[2-4]5');
  });

  it("reads the value's UTF-8 bytes through a 256-byte buffer, as action_originate does", () => {
    expect(parseCallerId('"Peña <Jr>" <300>')).toEqual({ name: 'Peña <Jr>', num: '300' });
    // The number past byte 255 is cut off: only what fits is parsed.
    const long = `${'x'.repeat(250)} <123456789>`;
    expect(parseCallerId(long)).toEqual({ name: 'x'.repeat(250), num: '123' });
  });
});

describe('the demo PBX over HTTP', () => {
  let pbx: DemoPbx | null = null;
  afterEach(async () => {
    await pbx?.close();
    pbx = null;
  });

  it('an Originate whose name holds < > and quotes: the channel and its events carry what Asterisk would', async () => {
    pbx = await startDemoPbx({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    await drainEvents(pbx.port, id);
    const callerId = '"Smith <Jr> \\"Bob\\"" <(555) 010-9>';
    const reply = await action(
      pbx.port,
      id,
      `action=Originate&Channel=${encodeURIComponent('Local/100@demo')}&Context=demo&Exten=100&Priority=1&CallerID=${encodeURIComponent(callerId)}`,
    );
    expect(field(reply[0]!, 'Response')).toBe('Success');
    // The Local pair is made without it; NewCallerid then gives ;1 the originate's caller ID (23b).
    const events = named(await drainEvents(pbx.port, id), 'NewCallerid');
    expect(events.length).toBeGreaterThan(0);
    const first = events[0]!;
    expect([field(first, 'CallerIDName'), field(first, 'CallerIDNum')]).toEqual([
      'Smith <Jr> "Bob"',
      '5550109',
    ]);
  });
});
