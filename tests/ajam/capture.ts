/**
 * The HTTP responses inside the real Asterisk captures, split into status, headers and body, for the
 * parser tests. Cutting the capture files into blocks is tests/wire/capture.ts's job.
 */
import { loadCapture } from '../wire/capture';

export { captureNames } from '../wire/capture';

export interface HttpResponseBlock {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

export function splitResponse(bytes: Buffer): HttpResponseBlock {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd === -1) throw new Error('response without a header end');
  const [statusLine = '', ...headerLines] = bytes.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers = headerLines.map((l): [string, string] => {
    const i = l.indexOf(':');
    return [l.slice(0, i), l.slice(i + 1).trim()];
  });
  return { status, headers, body: bytes.subarray(headEnd + 4) };
}

/** Every response in a capture with the given Content-type prefix. */
export function responsesOf(name: string, contentType: string): HttpResponseBlock[] {
  return loadCapture(name)
    .blocks.filter((b) => b.kind === 'response' && !b.elided)
    .map((b) => splitResponse(b.bytes))
    .filter((r) =>
      r.headers.some(([k, v]) => k.toLowerCase() === 'content-type' && v.startsWith(contentType)),
    );
}
