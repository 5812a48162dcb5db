/**
 * A rawman reply body read as it arrives: each chunk goes into the parser as undici hands it over,
 * so garbage stops the read at once and the body is never held whole. With a stream, the messages
 * after the response are handed on chunk by chunk as they are parsed (a WaitEvent body of 50,000
 * events is delivered while it is still arriving) instead of being collected.
 */
import type { AmiMessage } from '../../shared/ami';
import { errors } from './errors';
import { RawmanParser, describeParseError } from './rawman';

export interface MessageStream {
  /** Sees the reply's first message (the response): may the rest be handed on as it arrives? */
  accept(response: AmiMessage): boolean;
  /** The messages one chunk completed, in wire order (never empty). */
  deliver(messages: AmiMessage[]): void;
}

/**
 * Parses `body`; returns the messages not handed on to `stream`: all of them without a stream or
 * when it refused the response, else the response alone. A parse error throws
 * AjamError('parse') naming `what`, before the messages of the chunk that held the garbage are
 * handed on.
 */
export async function readRawmanBody(
  body: AsyncIterable<Uint8Array>,
  what: string,
  stream?: MessageStream,
): Promise<AmiMessage[]> {
  const parser = new RawmanParser();
  const kept: AmiMessage[] = [];
  let streaming = false;
  let batch: AmiMessage[] = [];
  const take = (message: AmiMessage): void => {
    if (streaming) {
      batch.push(message);
      return;
    }
    kept.push(message);
    if (kept.length === 1 && stream !== undefined) streaming = stream.accept(message);
  };
  const handOn = (): void => {
    if (batch.length === 0) return;
    const messages = batch;
    batch = [];
    stream?.deliver(messages);
  };
  for await (const chunk of body) {
    parser.push(chunk, take);
    if (parser.error) throw errors.parse(what, describeParseError(parser.error));
    handOn();
  }
  for (const message of parser.end()) take(message);
  if (parser.error) throw errors.parse(what, describeParseError(parser.error));
  handOn();
  return kept;
}
