/**
 * One rawman message kept as the text it came in, its lines and fields decoded only when first read.
 *
 * A WaitEvent body holds tens of thousands of events, and most consumers read a handful of fields
 * of some of them: cutting every line into a key and a value string, a pair and a dictionary entry
 * up front cost four times the body's size in heap and most of the parse time (issue 13). Here a
 * message is one string (a slice of the decoded chunk it came in) until `lines` or `fields` is read.
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

export class RawmanMessage implements AmiMessage {
  /**
   * The message as it came, line ends included. Public so that two messages compare equal (in
   * tests) exactly when they came from the same text.
   */
  readonly text: string;
  #lines: Line[] | undefined;
  #fields: Readonly<Record<string, string>> | undefined;

  constructor(text: string) {
    this.text = text;
  }

  get lines(): ReadonlyArray<readonly [string, string]> {
    return (this.#lines ??= decodeLines(this.text));
  }

  get fields(): Readonly<Record<string, string>> {
    return (this.#fields ??= makeMessage(this.lines).fields);
  }
}
