/**
 * One rawman message kept as the text it came in, its lines and fields decoded only when first read.
 *
 * A WaitEvent body holds tens of thousands of events, and most consumers read a handful of fields
 * of some of them: cutting every line into a key and a value string, a pair and a dictionary entry
 * up front cost four times the body's size in heap and most of the parse time (issue 13). Here a
 * message is where its text is until `lines` or `fields` is read.
 */
import { makeMessage, type AmiMessage } from '../../shared/ami';

type Line = [string, string];

/**
 * The lines of a message's text: `Key: Value` lines ending in LF or CRLF (the last one may end the
 * text without), where a line without a colon continues the value before it (rawman does not escape
 * a value's raw newlines). The parser has already checked that the first line has a key and that no
 * key is empty, so this cannot fail.
 */
export function decodeLines(text: string): Line[] {
  const lines: Line[] = [];
  const length = text.length;
  let start = 0;
  // The next colon at or after the current line: a run of colon-less continuation lines must not
  // each search ahead to the same far colon.
  let colon = -1;
  while (start < length) {
    let nl = text.indexOf('\n', start);
    if (nl === -1) nl = length;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (colon < start) {
      colon = text.indexOf(':', start);
      if (colon === -1) colon = length;
    }
    if (colon >= end) {
      const previous = lines[lines.length - 1];
      if (previous !== undefined) previous[1] += '\n' + text.slice(start, end);
    } else {
      const valueStart = colon + 1 < end && text.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
      lines.push([text.slice(start, colon), text.slice(valueStart, end)]);
    }
    start = nl + 1;
  }
  return lines;
}

/**
 * A message's lines and fields, decoded from its source when first read. The source is the text it
 * came in, or, when it lay whole inside one all-ASCII chunk, that chunk and where in it: a kept
 * message then holds no string at all (the chunk's bytes live outside the JS heap), so keeping
 * 50,000 of them gives the garbage collector 50,000 small objects to move and not 20 MB of text.
 *
 * Compare messages by `lines` or `fields` (as tests/ajam does): `toEqual` on the objects sees no
 * own fields.
 */
export class RawmanMessage implements AmiMessage {
  readonly #source: string | Buffer;
  readonly #start: number;
  readonly #end: number;
  #lines: Line[] | undefined;
  #fields: Readonly<Record<string, string>> | undefined;

  /** `source` is the message's whole text, or ASCII bytes holding it at [start, end). */
  constructor(source: string | Buffer, start = 0, end = source.length) {
    this.#source = source;
    this.#start = start;
    this.#end = end;
  }

  /** The message as it came, line ends included. */
  get text(): string {
    const source = this.#source;
    return typeof source === 'string' ? source : source.toString('latin1', this.#start, this.#end);
  }

  get lines(): ReadonlyArray<readonly [string, string]> {
    return (this.#lines ??= decodeLines(this.text));
  }

  get fields(): Readonly<Record<string, string>> {
    return (this.#fields ??= makeMessage(this.lines).fields);
  }
}
