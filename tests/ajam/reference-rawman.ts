/**
 * The rawman parser as it was before issue 13 (electron/ajam/rawman.ts at c1b31cd), kept ONLY so
 * tests/ajam/rawman-equivalence.test.ts can prove the new parser gives the same messages and the
 * same errors. Nothing in the app imports it; do not change it.
 */
/**
 * rawman bodies (`Key: Value` lines, messages ending with a blank line) -> AmiMessage[].
 *
 * Streaming and linear: bytes can arrive in any chunks, each byte is looked at a constant number of
 * times, and nothing already parsed is re-scanned (a 50,000-event WaitEvent body costs 50x a
 * 1,000-event one), however the text is cut: a line arriving in many pieces is joined once, and
 * no search starts over from a line's beginning. A line over 1 MiB is a parse error. Garbage never
 * throws: the parser stops and reports where and what it saw.
 */
import { StringDecoder } from 'node:string_decoder';
import { makeMessage, type AmiMessage } from '../../shared/ami';

export interface RawmanParseError {
  /** 1-based line number in the body. */
  readonly line: number;
  /** Character offset of that line's start in the decoded body. */
  readonly offset: number;
  readonly reason: string;
  /** The offending line, JSON-quoted and cut to 80 characters so control bytes stay visible. */
  readonly context: string;
}

export interface RawmanResult {
  readonly messages: AmiMessage[];
  readonly error?: RawmanParseError;
}

const CONTEXT_CHARS = 80;
/**
 * No line Asterisk writes comes near this (a Command output line, a long variable): a longer one is
 * garbage or an attack, and holding it would cost memory for nothing.
 */
export const MAX_LINE_CHARS = 1024 * 1024;
const SLICE = 64 * 1024;

export function describeParseError(error: RawmanParseError): string {
  return `${error.reason} at line ${error.line} (offset ${error.offset}): ${error.context}`;
}

/** An array whose push hands each message on instead of keeping it. */
class SinkArray extends Array<AmiMessage> {
  readonly #sink: (message: AmiMessage) => void;
  constructor(sink: (message: AmiMessage) => void) {
    super();
    this.#sink = sink;
  }
  override push(...items: AmiMessage[]): number {
    for (const item of items) this.#sink(item);
    return 0;
  }
}

export class RawmanParser {
  // Node's StringDecoder keeps a character split across chunks like TextDecoder's stream mode,
  // and decodes a Buffer measurably faster.
  readonly #decoder = new StringDecoder('utf8');
  /**
   * The line still arriving, as the pieces it came in: joined once, when its newline comes, so a
   * long line costs its length and not its length times the number of chunks it came in.
   */
  #pending: string[] = [];
  #pendingLength = 0;
  #lines: Array<[string, string]> = [];
  #lineNo = 0;
  #offset = 0;
  #scanned = 0;
  /** Counts the texts lines are cut from, so #colonAt knows which text it belongs to. */
  #textSerial = 0;
  /** Where the next colon at or after the current line is in text #colonText (its length: none). */
  #colonText = -1;
  #colonAt = 0;
  #error: RawmanParseError | undefined;

  get error(): RawmanParseError | undefined {
    return this.#error;
  }

  /**
   * Characters searched for a newline or copied to join a line, so far: the parser's work, which
   * stays within a small multiple of the text fed however it is cut (tests check it).
   */
  get charsScanned(): number {
    return this.#scanned;
  }

  /**
   * Feeds a chunk; returns the messages it completed (possibly none). With `sink`, each message
   * goes to it as soon as it is complete instead (and nothing is returned), so a consumer of a huge
   * WaitEvent body does not have to hold every message at once.
   */
  push(chunk: Uint8Array | string, sink?: (message: AmiMessage) => void): AmiMessage[] {
    const out: AmiMessage[] = sink ? new SinkArray(sink) : [];
    // Work through big bodies in slices: scanning a multi-megabyte string measured several times
    // slower per event than the same bytes in 64 KiB pieces.
    for (let i = 0; i < chunk.length && !this.#error; i += SLICE) {
      this.#pushSlice(chunk.length <= SLICE ? chunk : chunk.slice(i, i + SLICE), out);
    }
    return out;
  }

  #pushSlice(chunk: Uint8Array | string, out: AmiMessage[]): void {
    const decoded = typeof chunk === 'string' ? chunk : this.#decoder.write(chunk);
    this.#scanned += decoded.length;
    this.#textSerial += 1;
    let nl = decoded.indexOf('\n');
    if (nl === -1) {
      // Still the same line: keep the piece, search nothing twice.
      this.#pendingLength += decoded.length;
      if (this.#pendingLength > MAX_LINE_CHARS) {
        // Joined once, to show how it starts: the parse ends here.
        this.#failLong((this.#pending.join('') + decoded).slice(0, CONTEXT_CHARS + 1));
        return;
      }
      if (decoded.length > 0) this.#pending.push(decoded);
      return;
    }
    let text = decoded;
    if (this.#pendingLength > 0) {
      // The pending text holds no newline, so the first one is where it was found in `decoded`.
      this.#scanned += this.#pendingLength;
      text = this.#pending.join('') + decoded;
      nl += this.#pendingLength;
      this.#pending = [];
      this.#pendingLength = 0;
    }
    let start = 0;
    while (nl !== -1) {
      if (nl - start > MAX_LINE_CHARS) {
        this.#failLong(text.slice(start, start + CONTEXT_CHARS));
        return;
      }
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (!this.#line(text, start, end, nl + 1, out)) return;
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    const rest = text.length - start;
    if (rest > MAX_LINE_CHARS) {
      this.#failLong(text.slice(start, start + CONTEXT_CHARS));
      return;
    }
    if (rest > 0) {
      this.#pending.push(start === 0 ? text : text.slice(start));
      this.#pendingLength = rest;
    }
  }

  /** Ends the body: a last message without its blank line still counts. */
  end(): AmiMessage[] {
    const out: AmiMessage[] = [];
    if (this.#error) return out;
    const rest = this.#pending.join('') + this.#decoder.end();
    this.#textSerial += 1;
    this.#pending = [];
    this.#pendingLength = 0;
    if (rest.length > MAX_LINE_CHARS) {
      this.#failLong(rest);
      return out;
    }
    if (rest.length > 0) {
      const end = rest.charCodeAt(rest.length - 1) === 13 ? rest.length - 1 : rest.length;
      if (!this.#line(rest, 0, end, rest.length, out)) return out;
    }
    if (this.#lines.length > 0) {
      out.push(makeMessage(this.#lines));
      this.#lines = [];
    }
    return out;
  }

  #failLong(head: string): void {
    this.#lineNo += 1;
    this.#fail(`a line longer than ${MAX_LINE_CHARS / (1024 * 1024)} MiB`, head, this.#offset);
    this.#pending = [];
    this.#pendingLength = 0;
  }

  /** Handles text[start, end) as one line (the next starts at `next`); false once it is garbage. */
  #line(text: string, start: number, end: number, next: number, out: AmiMessage[]): boolean {
    this.#lineNo += 1;
    const lineOffset = this.#offset;
    this.#offset += next - start;
    if (end === start) {
      if (this.#lines.length > 0) {
        out.push(makeMessage(this.#lines));
        this.#lines = [];
      }
      return true;
    }
    // The next colon in this text is remembered: a run of lines without one (a value's raw
    // newlines) must not each search ahead to the same far colon.
    // (Texts are told apart by a serial number: comparing strings would compare their contents.)
    if (this.#colonText !== this.#textSerial || this.#colonAt < start) {
      const found = text.indexOf(':', start);
      this.#colonText = this.#textSerial;
      this.#colonAt = found === -1 ? text.length : found;
    }
    const colon = this.#colonAt;
    if (colon >= end) {
      const previous = this.#lines[this.#lines.length - 1];
      if (previous === undefined) {
        return this.#fail(
          'expected "Key: Value" at the start of a message',
          text.slice(start, end),
          lineOffset,
        );
      }
      // rawman does not escape values: a value holding a newline spills onto a line of its own.
      previous[1] += '\n' + text.slice(start, end);
      return true;
    }
    if (colon === start) {
      return this.#fail('empty key', text.slice(start, end), lineOffset);
    }
    const valueStart = colon + 1 < end && text.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
    this.#lines.push([text.slice(start, colon), text.slice(valueStart, end)]);
    return true;
  }

  #fail(reason: string, line: string, offset: number): false {
    const cut = line.length > CONTEXT_CHARS ? line.slice(0, CONTEXT_CHARS) + '…' : line;
    this.#error = { line: this.#lineNo, offset, reason, context: JSON.stringify(cut) };
    this.#lines = [];
    return false;
  }
}

/** Parses a whole body. */
export function parseRawman(body: Uint8Array | string): RawmanResult {
  const parser = new RawmanParser();
  const messages = parser.push(body);
  for (const m of parser.end()) messages.push(m);
  return parser.error ? { messages, error: parser.error } : { messages };
}
