import { describe, expect, it } from 'vitest';
import { eventName, get, getAll, toObject, type AmiMessage } from '../../shared/ami';
import { describeParseError, MAX_LINE_CHARS, parseRawman, RawmanParser } from '../../electron/ajam/rawman';
import { captureNames, responsesOf } from './capture';

const rawmanCaptures = captureNames().filter((n) => responsesOf(n, 'text/plain').length > 0);

describe('rawman parser on real Asterisk bodies', () => {
  it('finds the rawman captures', () => {
    expect(rawmanCaptures.length).toBeGreaterThan(40);
  });

  it.each(rawmanCaptures)('%s parses without error, one message per blank-line block', (name) => {
    for (const res of responsesOf(name, 'text/plain')) {
      const text = res.body.toString('utf8');
      const result = parseRawman(res.body);
      expect(result.error).toBeUndefined();
      const blocks = text.split('\r\n\r\n').filter((b) => b.length > 0);
      expect(result.messages).toHaveLength(blocks.length);
      for (const m of result.messages) expect(m.lines.length).toBeGreaterThan(0);
    }
  });

  it.each(rawmanCaptures)('%s gives the same messages whatever the chunking', (name) => {
    for (const res of responsesOf(name, 'text/plain')) {
      // Messages are compared by what they hold (their objects keep it privately, see rawman-message.ts).
      const held = (ms: AmiMessage[]) => ms.map((m) => ({ lines: m.lines, fields: { ...m.fields } }));
      const whole = held(parseRawman(res.body).messages);
      for (const size of [1, 2, 3, 7, 64]) {
        const p = new RawmanParser();
        const got: AmiMessage[] = [];
        for (let i = 0; i < res.body.length; i += size) got.push(...p.push(res.body.subarray(i, i + size)));
        got.push(...p.end());
        expect(held(got)).toEqual(whole);
      }
    }
  });

  it('reads a list response with its events and completion (04t)', () => {
    const [res] = responsesOf('04t-rawman-coreshowchannels-with-channels.http', 'text/plain');
    const { messages } = parseRawman(res!.body);
    expect(get(messages[0]!, 'response')).toBe('Success');
    expect(get(messages[0]!, 'EVENTLIST')).toBe('start');
    const items = messages.filter((m) => eventName(m) === 'CoreShowChannel');
    const complete = messages.at(-1)!;
    expect(eventName(complete)).toBe('CoreShowChannelsComplete');
    expect(Number(get(complete, 'ListItems'))).toBe(items.length);
    expect(items.length).toBe(4);
    // Empty values keep their key (AccountCode: with a trailing space).
    expect(get(items[0]!, 'AccountCode')).toBe('');
    expect(get(items[0]!, 'BridgeId')).toBe('');
    expect(get(items[0]!, 'uniqueid')).toMatch(/^ajamtest-\d+\.\d+$/);
  });

  it("keeps every Output line of Command (12q) and the error's Output (12s)", () => {
    const [res] = responsesOf('12q-rawman-multiline-command-output.http', 'text/plain');
    const [m] = parseRawman(res!.body).messages;
    expect(getAll(m!, 'Output')).toHaveLength(6);
    expect(getAll(m!, 'output')[3]).toBe('2 active channels');
    expect(get(m!, 'Output')).toMatch(/^Channel\s+Location/);
    const [err] = responsesOf('12s-rawman-command-invalid.http', 'text/plain');
    const [e] = parseRawman(err!.body).messages;
    expect(get(e!, 'Response')).toBe('Error');
    expect(get(e!, 'Message')).toBe('Command output follows');
    expect(getAll(e!, 'Output').length).toBeGreaterThan(0);
  });

  it('splits a WaitEvent body into its events in order (05c)', () => {
    const [res] = responsesOf('05c-rawman-waitevent-wakes-on-originate.http', 'text/plain');
    const { messages } = parseRawman(res!.body);
    expect(get(messages[0]!, 'Message')).toBe('Waiting for Event completed.');
    expect(get(messages[0]!, 'ActionID')).toBe('wait-1');
    expect(eventName(messages[1]!)).toBe('Newchannel');
    expect(eventName(messages.at(-1)!)).toBe('WaitEventComplete');
  });

  it('shows an unescaped CR/LF in a value as the extra line Asterisk really sent (12v)', () => {
    const all = responsesOf('12v-rawman-value-with-crlf-encoded.http', 'text/plain').flatMap((r) =>
      parseRawman(r.body).messages.map(toObject),
    );
    expect(all.some((m) => m['Evil'] === 'x')).toBe(true);
  });
});

describe('rawman parser on synthetic input', () => {
  it('accepts LF-only line ends and case-insensitive keys', () => {
    const { messages, error } = parseRawman('response: Success\nACTIONID: a1\nMessage: Pong\n\n');
    expect(error).toBeUndefined();
    expect(get(messages[0]!, 'ActionID')).toBe('a1');
    expect(messages[0]!.lines[1]).toEqual(['ACTIONID', 'a1']);
  });

  it('keeps repeated keys in wire order, first value for get()', () => {
    const [m] = parseRawman('Event: X\r\nChanVariable: a=1\r\nChanVariable: b=2\r\n\r\n').messages;
    expect(get(m!, 'chanvariable')).toBe('a=1');
    expect(getAll(m!, 'ChanVariable')).toEqual(['a=1', 'b=2']);
  });

  it('gives no messages for an empty body and for blank lines only', () => {
    expect(parseRawman('')).toEqual({ messages: [] });
    expect(parseRawman('\r\n\r\n')).toEqual({ messages: [] });
  });

  it('keeps a value that itself contains ": " and a key without space after the colon', () => {
    const [m] = parseRawman('Message: a: b\r\nX:y\r\nEmpty:\r\n\r\n').messages;
    expect(toObject(m!)).toEqual({ Message: 'a: b', X: 'y', Empty: '' });
  });

  it('counts a last message without its blank line', () => {
    expect(parseRawman('Response: Success\r\nPing: Pong').messages).toHaveLength(1);
  });

  it('decodes UTF-8 split across chunks', () => {
    const bytes = Buffer.from('Event: X\r\nCallerIDName: Muñoz José\r\n\r\n', 'utf8');
    const at = bytes.indexOf(0xc3) + 1;
    const p = new RawmanParser();
    const got = [...p.push(bytes.subarray(0, at)), ...p.push(bytes.subarray(at)), ...p.end()];
    expect(get(got[0]!, 'CallerIDName')).toBe('Muñoz José');
  });

  it('reports garbage with line, offset and the text, and never throws', () => {
    const body = 'Response: Success\r\n\r\n<html><title>404 Not Found</title>\r\nEvent: Y\r\n\r\n';
    const result = parseRawman(body);
    expect(result.messages).toHaveLength(1);
    expect(result.error).toMatchObject({ line: 3, offset: 21 });
    expect(describeParseError(result.error!)).toContain('<html><title>404 Not Found');
    expect(describeParseError(result.error!)).toContain('line 3');
  });

  it('stops after garbage and ignores later chunks', () => {
    const p = new RawmanParser();
    expect(p.push('\u0000\u0001binary\n')).toEqual([]);
    expect(p.error?.reason).toMatch(/Key: Value/);
    expect(p.push('Event: Z\n\n')).toEqual([]);
    expect(p.end()).toEqual([]);
  });

  it('hands messages to a sink as they complete, in order, returning none', () => {
    const seen: string[] = [];
    const p = new RawmanParser();
    expect(
      p.push('Event: A\r\n\r\nEvent: B\r\n\r\nEvent: C\r\n', (m) => seen.push(get(m, 'Event')!)),
    ).toEqual([]);
    expect(seen).toEqual(['A', 'B']);
    expect(p.end().map((m) => get(m, 'Event'))).toEqual(['C']);
  });

  it('reports an empty key', () => {
    expect(parseRawman(': value\r\n\r\n').error?.reason).toBe('empty key');
  });

  it('cuts long garbage lines in the context', () => {
    const e = parseRawman('x'.repeat(500) + '\n').error!;
    expect(e.context.length).toBeLessThan(100);
  });
});

describe('rawman parser on long lines (issue 12 item 4)', () => {
  /** Feeds `total` characters of one line in `chunk`-character pieces; stops at the first error. */
  function feedLongLine(parser: RawmanParser, total: number, chunk: number): number {
    const piece = Buffer.from('x'.repeat(chunk));
    parser.push(Buffer.from('Event: Long\r\nValue: '));
    let fed = 0;
    while (fed < total && !parser.error) {
      parser.push(piece);
      fed += chunk;
    }
    return fed;
  }

  it('fails a 64 MiB line in 16 KiB chunks with a clear error once it passes 1 MiB', () => {
    const parser = new RawmanParser();
    const started = performance.now();
    const fed = feedLongLine(parser, 64 * 1024 * 1024, 16 * 1024);
    const elapsed = performance.now() - started;
    expect(parser.error?.reason).toBe('a line longer than 1 MiB');
    expect(parser.error?.line).toBe(2);
    expect(describeParseError(parser.error!)).toContain('"Value: xxx');
    // It stopped right after the limit, not at the end of the 64 MiB.
    expect(fed).toBeLessThanOrEqual(MAX_LINE_CHARS + 32 * 1024);
    // The work so far is the text fed, once: no piece was searched again for each new piece.
    expect(parser.charsScanned).toBeLessThanOrEqual(2 * fed);
    // Generous for a loaded machine: the quadratic parser needed over a minute for this.
    expect(elapsed).toBeLessThan(5000);
    // Later input is ignored, the error stays the first one.
    expect(parser.push('Event: After\r\n\r\n')).toEqual([]);
    expect(parser.end()).toEqual([]);
  });

  it('reads a line just under the limit in small chunks with linear work', () => {
    for (const chunk of [1024, 16 * 1024]) {
      const parser = new RawmanParser();
      const total = MAX_LINE_CHARS - 32 * 1024;
      const messages: string[] = [];
      const fed = feedLongLine(parser, total, chunk);
      parser.push('\r\n\r\n', (m) => messages.push(m.fields['value'] ?? ''));
      expect(parser.error).toBeUndefined();
      expect(messages.map((v) => v.length)).toEqual([fed]);
      // Each character searched once and joined once (the quadratic version searched ~fed²/(2·chunk)).
      expect(parser.charsScanned).toBeLessThanOrEqual(2 * fed + 64);
    }
  });

  it('allows exactly 1 MiB, fails one more character, and a long line in one big chunk alike', () => {
    const atEnd = new RawmanParser();
    const fed = feedLongLine(atEnd, MAX_LINE_CHARS - 64 * 1024, 64 * 1024);
    expect(atEnd.error).toBeUndefined();
    atEnd.push('x'.repeat(MAX_LINE_CHARS - fed - 8));
    expect(atEnd.error).toBeUndefined();
    atEnd.push(Buffer.from('x'));
    expect(atEnd.error).toBeUndefined();
    atEnd.push(Buffer.from('x'));
    expect(atEnd.error?.reason).toBe('a line longer than 1 MiB');
    expect(atEnd.end()).toEqual([]);

    const whole = parseRawman(`Event: A\r\nValue: ${'y'.repeat(MAX_LINE_CHARS + 10)}\r\n\r\n`);
    expect(whole.error?.reason).toBe('a line longer than 1 MiB');
    expect(whole.messages).toEqual([]);
  });

  it('does not rescan ahead for a colon on each of many colon-less lines', () => {
    // Continuation lines (a value with raw newlines): each must cost its own length only.
    const body = `Event: Spill\r\nValue: first\r\n${'z\r\n'.repeat(200_000)}\r\n`;
    const started = performance.now();
    const result = parseRawman(body);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(result.error).toBeUndefined();
    expect(result.messages[0]?.fields['value']?.length).toBe('first'.length + 2 * 200_000);
  });
});
