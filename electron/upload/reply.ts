/**
 * Reading Asterisk's answer to an upload: a small HTTP/1.1 response (status line, headers,
 * Content-Length body, then the server closes). Pure.
 */

export interface HttpReply {
  readonly status: number;
  readonly reason: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The reply once it is complete (all of Content-Length, or `closed` said the server is done). */
export function parseReply(raw: Buffer, closed: boolean): HttpReply | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = raw.toString('latin1', 0, end).split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!match) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const declared = headers['content-length'];
  const bodyBytes = raw.subarray(end + 4);
  const length = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined;
  if (length !== undefined && bodyBytes.length < length && !closed) return undefined;
  if (length === undefined && !closed) return undefined;
  return {
    status: Number(match[1]),
    reason: match[2] ?? '',
    headers,
    body: bodyBytes.subarray(0, length ?? bodyBytes.length).toString('utf8'),
  };
}

/** The sentence Asterisk puts in its error page (`<p>…</p>`), e.g. "File successfully uploaded.". */
export function pbxMessage(reply: HttpReply): string {
  const match = /<p>([\s\S]*?)<\/p>/i.exec(reply.body);
  return (match?.[1] ?? reply.body).replace(/\s+/g, ' ').trim();
}

export const UPLOAD_SUCCESS_TEXT = 'File successfully uploaded.';

export function isUploadSuccess(reply: HttpReply): boolean {
  return reply.status === 200 && pbxMessage(reply) === UPLOAD_SUCCESS_TEXT;
}
