/**
 * The exact multipart/form-data body of one upload: one file part, nothing else.
 *
 * Asterisk answers 200 "File successfully uploaded." even when it saved nothing (a wrong boundary,
 * a part without a filename: captures 09m, 09p), so the body has to be right by construction:
 *  - `boundary=` is the last thing in Content-Type, because Asterisk takes everything after it;
 *  - the boundary is made of letters, digits and dashes only (no quotes, no slashes: Asterisk's
 *    filename rewrite turns `\` into `/` in the buffer it searches);
 *  - the filename is a safe basename, always quoted, never RFC 2231 `filename*` (22.10.1 writes
 *    unquoted and `filename*` names with `../` outside its folder: 09i, 09j);
 *  - Content-Length is computed, never guessed; the separate `filename` field curl users add does
 *    nothing and is not sent.
 */
import { randomBytes } from 'node:crypto';
import { isSafeName } from './names';

export interface MultipartBody {
  readonly boundary: string;
  /** `multipart/form-data; boundary=<boundary>` with nothing after the boundary. */
  readonly contentType: string;
  /** Everything before the file's bytes: the opening boundary and the part's headers. */
  readonly head: Buffer;
  /** Everything after the file's bytes: the closing boundary. */
  readonly tail: Buffer;
  readonly fileSize: number;
  /** head + file + tail. */
  readonly contentLength: number;
}

/** Asterisk parses Content-Length with `%u` into a signed int: 2^31 and over turn negative. */
export const MAX_CONTENT_LENGTH = 2 ** 31 - 1;

const BOUNDARY = /^[A-Za-z0-9-]{16,70}$/;

export function newBoundary(): string {
  return `AjamConsole-${randomBytes(16).toString('hex')}`;
}

export function buildMultipart(
  sendName: string,
  fileSize: number,
  boundary: string = newBoundary(),
): MultipartBody {
  if (!isSafeName(sendName)) throw new Error(`unsafe upload name ${JSON.stringify(sendName)}`);
  if (!BOUNDARY.test(boundary)) throw new Error(`unusable multipart boundary ${JSON.stringify(boundary)}`);
  if (!Number.isSafeInteger(fileSize) || fileSize < 0) throw new Error(`invalid file size ${fileSize}`);
  const head = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="file"; filename="${sendName}"\r\n` +
      'Content-Type: application/octet-stream\r\n' +
      '\r\n',
    'latin1',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
  return {
    boundary,
    contentType: `multipart/form-data; boundary=${boundary}`,
    head,
    tail,
    fileSize,
    contentLength: head.length + fileSize + tail.length,
  };
}

/** The multipart overhead around a file sent under `sendName` (for size checks before sending). */
export function multipartOverhead(sendName: string): number {
  const sample = buildMultipart(sendName, 0);
  return sample.contentLength;
}
