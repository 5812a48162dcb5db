/**
 * The rawman bench's corpus: the event messages Asterisk 22 really sent in the rawman captures of
 * shared/asterisk-wire (beside the checkout, see tests/wire/capture.ts), repeated in order to the
 * size wanted and framed as one WaitEvent answer, the way a busy PBX's events arrive.
 */
import { captureNames, responsesOf } from '../tests/ajam/capture';

let events: Buffer[] | undefined;

/** Every event message (with its blank line) of every rawman capture, WaitEventComplete aside. */
export function capturedEvents(): readonly Buffer[] {
  if (events) return events;
  const found: Buffer[] = [];
  for (const name of captureNames()) {
    for (const res of responsesOf(name, 'text/plain')) {
      for (const block of res.body.toString('utf8').split('\r\n\r\n')) {
        if (block.startsWith('Event: ') && !block.startsWith('Event: WaitEventComplete'))
          found.push(Buffer.from(`${block}\r\n\r\n`, 'utf8'));
      }
    }
  }
  if (found.length < 100) throw new Error(`only ${found.length} captured events: is ../shared there?`);
  events = found;
  return found;
}

/** One WaitEvent answer: the response, `count` captured events, WaitEventComplete. */
export function waitEventBody(count: number): Buffer {
  const all = capturedEvents();
  const parts: Uint8Array[] = [
    Buffer.from('Response: Success\r\nActionID: wait-1\r\nMessage: Waiting for Event completed.\r\n\r\n'),
  ];
  for (let i = 0; i < count; i++) parts.push(all[i % all.length]!);
  parts.push(Buffer.from('Event: WaitEventComplete\r\nActionID: wait-1\r\n\r\n'));
  return Buffer.concat(parts);
}
