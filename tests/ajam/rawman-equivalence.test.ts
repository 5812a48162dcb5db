/**
 * Issue 13: the faster rawman parser must not change what the app sees. Old (the pre-issue-13
 * parser, frozen in reference-rawman.ts) and new are fed the same bytes in the same chunks, on every
 * rawman body Asterisk really sent and on a seeded random corpus of odd input; after every push
 * and at the end they must have handed out the same messages (lines and fields) and hold the same
 * error (line, offset, reason, context).
 */
import { describe, expect, it } from 'vitest';
import type { AmiMessage } from '../../shared/ami';
import { MAX_LINE_CHARS, RawmanParser } from '../../electron/ajam/rawman';
import { readRawmanBody } from '../../electron/ajam/rawman-body';
import { rng } from '../../electron/demo/rng';
import { RawmanParser as ReferenceParser, describeParseError } from './reference-rawman';
import { captureNames, responsesOf } from './capture';

interface Plain {
  readonly lines: Array<[string, string]>;
  readonly fields: Record<string, string>;
}

const plain = (m: AmiMessage): Plain => ({
  lines: m.lines.map(([k, v]): [string, string] => [k, v]),
  fields: { ...m.fields },
});

interface Run {
  /** The messages each push (and the final end) handed out, with the error after it. */
  readonly steps: Array<{ messages: Plain[]; error: unknown }>;
}

type Piece = Uint8Array | string;

function run(parser: RawmanParser | ReferenceParser, pieces: readonly Piece[], sink: boolean): Run {
  const steps: Run['steps'] = [];
  for (const piece of pieces) {
    const got: AmiMessage[] = [];
    if (sink) {
      const returned = parser.push(piece, (m) => got.push(m));
      expect(returned).toHaveLength(0);
    } else {
      got.push(...parser.push(piece));
    }
    steps.push({ messages: got.map(plain), error: parser.error });
  }
  steps.push({ messages: parser.end().map(plain), error: parser.error });
  return { steps };
}

function same(pieces: readonly Piece[], sink = false): Run {
  const mine = run(new RawmanParser(), pieces, sink);
  const reference = run(new ReferenceParser(), pieces, sink);
  expect(mine).toEqual(reference);
  return mine;
}

function cut(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length]!);
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

const rawmanBodies = captureNames().flatMap((name) =>
  responsesOf(name, 'text/plain').map((res, i) => ({ name: `${name}#${i}`, body: res.body })),
);

describe('the new rawman parser against the pre-issue-13 one', () => {
  it('has the real rawman bodies to compare on', () => {
    expect(rawmanBodies.length).toBeGreaterThan(100);
  });

  it.each(rawmanBodies.map((b) => [b.name, b.body] as const))(
    '%s: same messages whole, byte by byte and in odd chunks',
    (_name, body) => {
      const whole = same([body]);
      expect(whole.steps.at(-1)!.error).toBeUndefined();
      same(cut(body, [1]));
      same(cut(body, [3, 7, 64, 2]), true);
      same([body.toString('utf8')]);
    },
  );

  it('all real bodies back to back in 64 KiB chunks, as one WaitEvent stream', () => {
    const all = Buffer.concat(rawmanBodies.map((b) => b.body));
    const result = same(cut(all, [64 * 1024]));
    expect(result.steps.flatMap((s) => s.messages).length).toBeGreaterThan(1000);
  });

  /** The first WELL_FORMED fragments never stop a parse by themselves. */
  const WELL_FORMED = 13;
  const FRAGMENTS: readonly string[] = [
    'Event: Newchannel\r\n',
    'Channel: PJSIP/200-0000001\r\n',
    'Response: Success\r\n',
    'Message: a: b\r\n',
    'X:y\n',
    'Empty:\r\n',
    'AccountCode: \r\n',
    '\r\n',
    '\n',
    '\r\n\r\n',
    '\r',
    'CallerIDName: Muñoz José\r\n',
    'Emoji: 😀 ok\r\n',
    '\r\r\n',
    'continued value\r\n',
    'no colon here\n',
    ': empty key\r\n',
    ':\r\n',
    '<html><title>404</title>\r\n',
    'Key: value with \u0000 NUL\r\n',
  ];
  const BAD_BYTES: readonly number[][] = [
    [0xff],
    [0xc3],
    [0xe2, 0x82],
    [0xf0, 0x9f, 0x98],
    [0x80, 0x80],
    [0xed, 0xa0, 0x80],
  ];

  function fuzzBody(rnd: () => number): Buffer {
    const parts: Buffer[] = [];
    const n = 5 + Math.floor(rnd() * 60);
    for (let i = 0; i < n; i++) {
      const r = rnd();
      // Mostly well-formed lines, so that a body often gets past its first garbage.
      const pool = rnd() < 0.75 ? WELL_FORMED : FRAGMENTS.length;
      if (r < 0.8) parts.push(Buffer.from(FRAGMENTS[Math.floor(rnd() * pool)]!, 'utf8'));
      else if (r < 0.93) parts.push(Buffer.from(BAD_BYTES[Math.floor(rnd() * BAD_BYTES.length)]!));
      else if (r < 0.96) parts.push(Buffer.from(`Long: ${'x'.repeat(Math.floor(rnd() * 5000))}\r\n`));
      else parts.push(Buffer.from('Event: X\r\n'));
    }
    // Most bodies start as a message would, so parsing goes past the first line.
    if (rnd() < 0.7) parts.unshift(Buffer.from('Response: Success\r\n'));
    return Buffer.concat(parts);
  }

  it('a seeded random corpus: CR/LF oddities, bad UTF-8, garbage, in random chunks', () => {
    const rnd = rng(13);
    let errors = 0;
    let messages = 0;
    for (let i = 0; i < 2000; i++) {
      const body = fuzzBody(rnd);
      const sizes = Array.from({ length: 5 }, () => 1 + Math.floor(rnd() * (rnd() < 0.3 ? 8 : 2000)));
      const result = same(cut(body, sizes), rnd() < 0.5);
      if (result.steps.at(-1)!.error !== undefined) errors += 1;
      messages += result.steps.reduce((n, s) => n + s.messages.length, 0);
    }
    // The corpus reaches both outcomes often, or it would prove little.
    expect(errors).toBeGreaterThan(500);
    expect(2000 - errors).toBeGreaterThan(500);
    expect(messages).toBeGreaterThan(4000);
  });

  it('lines at, just over and far over the 1 MiB limit, whole and in pieces, ASCII and not', () => {
    const rnd = rng(1313);
    for (const filler of ['x', 'ñ', '😀']) {
      for (const extra of [-2, -1, 0, 1, 2, 100, 70_000]) {
        const count = Math.max(0, Math.floor(MAX_LINE_CHARS / filler.length) + extra - 'Value: '.length);
        const body = Buffer.from(`Event: Long\r\nValue: ${filler.repeat(count)}\r\nNext: 1\r\n\r\n`, 'utf8');
        same([body]);
        same(cut(body, [16 * 1024]));
        same(cut(body, [1 + Math.floor(rnd() * 100_000), 1 + Math.floor(rnd() * 5000)]));
        // Without its newline: the line is still arriving when the body ends.
        same(cut(body.subarray(0, body.indexOf('\r\nNext')), [64 * 1024]));
      }
    }
    const garbage = Buffer.alloc(3 * MAX_LINE_CHARS, 0x41);
    same(cut(garbage, [64 * 1024]));
    same([garbage]);
  });

  /** What a session gets from a whole reply: every message, or the parse error's description. */
  async function wholeReply(pieces: readonly Uint8Array[]): Promise<Plain[] | string> {
    async function* body() {
      for (const piece of pieces) yield piece;
    }
    try {
      return (await readRawmanBody(body(), 'Test')).map(plain);
    } catch (e) {
      return (e as Error).message;
    }
  }

  function referenceReply(pieces: readonly Uint8Array[]): Plain[] | string {
    const parser = new ReferenceParser();
    const messages: AmiMessage[] = [];
    for (const piece of pieces) {
      messages.push(...parser.push(piece));
      if (parser.error) return describeParseError(parser.error);
    }
    messages.push(...parser.end());
    if (parser.error) return describeParseError(parser.error);
    return messages.map(plain);
  }

  it("the session's whole-reply path (readRawmanBody, every message kept) on captures and the random corpus", async () => {
    for (const { body } of rawmanBodies) {
      for (const pieces of [[body], cut(body, [5, 64])]) {
        expect(await wholeReply(pieces)).toEqual(referenceReply(pieces));
      }
    }
    const rnd = rng(7);
    let errors = 0;
    for (let i = 0; i < 500; i++) {
      const pieces = cut(fuzzBody(rnd), [1 + Math.floor(rnd() * 3000), 1 + Math.floor(rnd() * 9)]);
      const mine = await wholeReply(pieces);
      const reference = referenceReply(pieces);
      if (typeof reference === 'string') {
        errors += 1;
        // The session's error names the action and carries the parser's description.
        expect(mine).toContain(reference);
      } else {
        expect(mine).toEqual(reference);
      }
    }
    expect(errors).toBeGreaterThan(100);
    expect(errors).toBeLessThan(400);
  });

  it('string chunks, including a surrogate pair cut in two', () => {
    same(['Event: A\r\nName: 😀', '\r\n\r\nEvent: B\r\n', '\r\n']);
    const text = 'Event: X\r\nName: a😀b\r\n\r\n';
    const at = text.indexOf('😀') + 1;
    same([text.slice(0, at), text.slice(at)]);
  });
});
