/**
 * rawman bodies (`Key: Value` lines, messages ending with a blank line) -> AmiMessage[].
 *
 * Streaming and linear: bytes can arrive in any chunks, each byte is looked at a constant number of
 * times, and nothing already parsed is re-scanned (a 50,000-event WaitEvent body costs 50x a
 * 1,000-event one), however the text is cut: a line arriving in many pieces is joined once, and
 * no search starts over from a line's beginning. A line over 1 MiB is a parse error. Garbage never
 * throws: the parser stops and reports where and what it saw.
 *
 * The parser only finds where messages end and checks what could be garbage (a message's first
 * line must have a key, no key may be empty); each message keeps its text and cuts it into lines
 * and fields when first read (see rawman-message.ts). Messages, errors and where they happen are
 * the same as the line-by-line parser's before issue 13 (tests/ajam/rawman-equivalence.test.ts).
 */
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import type { AmiMessage } from '../../shared/ami';
import { RawmanMessage } from './rawman-message';

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
const COLON = 58;
const CR = 13;
const LF = 10;

export function describeParseError(error: RawmanParseError): string {
  return `${error.reason} at line ${error.line} (offset ${error.offset}): ${error.context}`;
}

type Sink = (message: AmiMessage) => void;

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
  /** Is a message under way (its first line seen, its blank line not yet)? */
  #inMessage = false;
  /** The complete lines of the message under way that came in earlier texts. */
  #parts: string[] = [];
  #lineNo = 0;
  /** Character offset in the decoded body of the first line not yet complete. */
  #offset = 0;
  #scanned = 0;
  /** Does the decoder hold nothing (no character cut by a chunk's end)? Then ASCII needs no decoding. */
  #decoderEmpty = true;
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
  push(chunk: Uint8Array | string, sink?: Sink): AmiMessage[] {
    const out: AmiMessage[] = [];
    const emit: Sink = sink ?? ((message) => void out.push(message));
    // Work through big bodies in slices: scanning a multi-megabyte string measured several times
    // slower per event than the same bytes in 64 KiB pieces.
    for (let i = 0; i < chunk.length && !this.#error; i += SLICE) {
      this.#pushSlice(chunk.length <= SLICE ? chunk : chunk.slice(i, i + SLICE), emit);
    }
    return out;
  }

  #pushSlice(chunk: Uint8Array | string, emit: Sink): void {
    if (typeof chunk !== 'string' && this.#decoderEmpty && isAscii(chunk)) {
      this.#pushAscii(
        Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length),
        emit,
      );
      return;
    }
    const decoded = typeof chunk === 'string' ? chunk : this.#decode(chunk);
    this.#scanned += decoded.length;
    let nl = decoded.indexOf('\n');
    if (nl === -1) {
      this.#holdPiece(decoded);
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
    this.#scanText(text, nl, emit);
  }

  #decode(bytes: Uint8Array): string {
    // A last byte below 0x80 completes (or ends, as U+FFFD) whatever the decoder held: nothing is
    // left in it. Otherwise it may hold the start of a character, so the next chunk is decoded too.
    if (bytes.length > 0) this.#decoderEmpty = bytes[bytes.length - 1]! < 0x80;
    return this.#decoder.write(bytes);
  }

  /**
   * An all-ASCII chunk with nothing held in the decoder: scanned as bytes, one character per byte,
   * so the chunk is never copied into a string. A 50,000-event body then makes no garbage but its
   * messages, and the young-generation collections that would copy every kept message stay rare.
   */
  #pushAscii(bytes: Buffer, emit: Sink): void {
    this.#scanned += bytes.length;
    let nl = bytes.indexOf(LF);
    if (nl === -1) {
      if (bytes.length > 0) this.#holdPiece(bytes.toString('latin1'));
      return;
    }
    let from = 0;
    if (this.#pendingLength > 0) {
      // The line that was arriving ends here: finish it as text, then go on in bytes.
      this.#scanned += this.#pendingLength;
      const text = this.#pending.join('') + bytes.toString('latin1', 0, nl + 1);
      this.#pending = [];
      this.#pendingLength = 0;
      if (!this.#scanText(text, text.length - 1, emit)) return;
      from = nl + 1;
      nl = bytes.indexOf(LF, from);
    }
    // Character offset in the body = base + byte index in this chunk.
    const base = this.#offset - from;
    let lineNo = this.#lineNo;
    let inMessage = this.#inMessage;
    // Where the message under way starts in this chunk (-1: it began before `from`).
    let messageStart = -1;
    let start = from;
    while (nl !== -1) {
      lineNo += 1;
      const end = nl > start && bytes[nl - 1] === CR ? nl - 1 : nl;
      if (end === start) {
        if (inMessage) {
          emit(
            messageStart >= 0
              ? new RawmanMessage(bytes, messageStart, start)
              : this.#joinParts(bytes.toString('latin1', from, start)),
          );
          inMessage = false;
        }
      } else if (!inMessage) {
        const colon = bytes.indexOf(COLON, start);
        if (colon === -1 || colon >= end || colon === start) {
          this.#lineNo = lineNo;
          const reason = colon === start ? 'empty key' : 'expected "Key: Value" at the start of a message';
          return this.#fail(reason, bytes.toString('latin1', start, end), base + start);
        }
        inMessage = true;
        messageStart = start;
      } else if (bytes[start] === COLON) {
        this.#lineNo = lineNo;
        return this.#fail('empty key', bytes.toString('latin1', start, end), base + start);
      }
      start = nl + 1;
      nl = bytes.indexOf(LF, start);
    }
    this.#lineNo = lineNo;
    this.#offset = base + start;
    this.#inMessage = inMessage;
    if (inMessage && start > Math.max(messageStart, from))
      this.#parts.push(bytes.toString('latin1', Math.max(messageStart, from), start));
    // A 64 KiB slice cannot hold a line over the limit: what is left starts the pending line.
    if (start < bytes.length) this.#holdPiece(bytes.toString('latin1', start));
  }

  /** A piece of the line still arriving (no newline in it). */
  #holdPiece(piece: string): void {
    this.#pendingLength += piece.length;
    if (this.#pendingLength > MAX_LINE_CHARS) {
      // Joined once, to show how it starts: the parse ends here.
      this.#failLong((this.#pending.join('') + piece).slice(0, CONTEXT_CHARS + 1));
      return;
    }
    if (piece.length > 0) this.#pending.push(piece);
  }

  /**
   * The complete lines of `text` (its first newline at `nl`): messages they end go to the sink, the
   * message under way is kept in #parts and what follows the last newline becomes the pending line.
   * False when the text ended the parse with an error.
   */
  #scanText(text: string, firstNl: number, emit: Sink): boolean {
    const base = this.#offset;
    let lineNo = this.#lineNo;
    let inMessage = this.#inMessage;
    // Where the message under way starts in this text (0: it began in an earlier one).
    let messageStart = 0;
    let start = 0;
    let nl = firstNl;
    while (nl !== -1) {
      if (nl - start > MAX_LINE_CHARS) {
        this.#lineNo = lineNo;
        this.#offset = base + start;
        this.#failLong(text.slice(start, start + CONTEXT_CHARS));
        return false;
      }
      lineNo += 1;
      const end = nl > start && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      if (end === start) {
        if (inMessage) {
          emit(this.#message(text, messageStart, start));
          inMessage = false;
        }
      } else if (!inMessage) {
        // A message's first line must be `Key: Value`; later lines without a colon continue a value.
        const colon = text.indexOf(':', start);
        if (colon === -1 || colon >= end || colon === start) {
          this.#lineNo = lineNo;
          const reason = colon === start ? 'empty key' : 'expected "Key: Value" at the start of a message';
          this.#fail(reason, text.slice(start, end), base + start);
          return false;
        }
        inMessage = true;
        messageStart = start;
      } else if (text.charCodeAt(start) === COLON) {
        this.#lineNo = lineNo;
        this.#fail('empty key', text.slice(start, end), base + start);
        return false;
      }
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    this.#lineNo = lineNo;
    this.#offset = base + start;
    this.#inMessage = inMessage;
    const rest = text.length - start;
    if (rest > MAX_LINE_CHARS) {
      this.#failLong(text.slice(start, start + CONTEXT_CHARS));
      return false;
    }
    if (inMessage && start > messageStart) this.#parts.push(text.slice(messageStart, start));
    if (rest > 0) {
      this.#pending.push(start === 0 ? text : text.slice(start));
      this.#pendingLength = rest;
    }
    return true;
  }

  /** The message under way, ending (line ends included) at `end` of `text`. */
  #message(text: string, start: number, end: number): RawmanMessage {
    if (this.#parts.length === 0) return new RawmanMessage(text.slice(start, end));
    return this.#joinParts(text.slice(start, end));
  }

  /** The message under way, whose last lines are `last`. */
  #joinParts(last: string): RawmanMessage {
    this.#parts.push(last);
    const joined = this.#parts.join('');
    this.#parts = [];
    return new RawmanMessage(joined);
  }

  /** Ends the body: a last message without its blank line still counts. */
  end(): AmiMessage[] {
    const out: AmiMessage[] = [];
    if (this.#error) return out;
    const rest = this.#pending.join('') + this.#decoder.end();
    this.#pending = [];
    this.#pendingLength = 0;
    if (rest.length > MAX_LINE_CHARS) {
      this.#failLong(rest);
      return out;
    }
    let inMessage = this.#inMessage;
    let last = '';
    if (rest.length > 0) {
      this.#lineNo += 1;
      const end = rest.charCodeAt(rest.length - 1) === CR ? rest.length - 1 : rest.length;
      if (end === 0) {
        if (inMessage) out.push(this.#message('', 0, 0));
        inMessage = false;
      } else if (!inMessage) {
        const colon = rest.indexOf(':');
        if (colon === -1 || colon >= end || colon === 0) {
          const reason = colon === 0 ? 'empty key' : 'expected "Key: Value" at the start of a message';
          this.#fail(reason, rest.slice(0, end), this.#offset);
          return out;
        }
        inMessage = true;
        last = rest;
      } else if (rest.charCodeAt(0) === COLON) {
        this.#fail('empty key', rest.slice(0, end), this.#offset);
        return out;
      } else {
        last = rest;
      }
    }
    if (inMessage) out.push(this.#message(last, 0, last.length));
    this.#inMessage = false;
    return out;
  }

  #failLong(head: string): void {
    this.#lineNo += 1;
    this.#fail(`a line longer than ${MAX_LINE_CHARS / (1024 * 1024)} MiB`, head, this.#offset);
    this.#pending = [];
    this.#pendingLength = 0;
  }

  #fail(reason: string, line: string, offset: number): void {
    const cut = line.length > CONTEXT_CHARS ? line.slice(0, CONTEXT_CHARS) + '…' : line;
    this.#error = { line: this.#lineNo, offset, reason, context: JSON.stringify(cut) };
    this.#parts = [];
    this.#inMessage = false;
  }
}

/** Parses a whole body. */
export function parseRawman(body: Uint8Array | string): RawmanResult {
  const parser = new RawmanParser();
  const messages = parser.push(body);
  for (const m of parser.end()) messages.push(m);
  return parser.error ? { messages, error: parser.error } : { messages };
}
