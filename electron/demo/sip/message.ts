/**
 * SIP messages (RFC 3261 section 7) as text: parse one message of a WebSocket frame (RFC 7118: one
 * message per frame, so no stream framing), serialize one, and read the few header parts a
 * registrar and a dialog need (tags, branch, CSeq, URIs). Pure.
 */

export type Headers = ReadonlyArray<readonly [string, string]>;

export interface SipRequest {
  readonly kind: 'request';
  readonly method: string;
  readonly uri: string;
  readonly headers: Headers;
  readonly body: string;
}

export interface SipResponse {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
  readonly headers: Headers;
  readonly body: string;
}

export type SipMessage = SipRequest | SipResponse;

/** RFC 3261 7.3.3's compact forms, to their full names. */
const COMPACT: Readonly<Record<string, string>> = {
  i: 'Call-ID',
  m: 'Contact',
  e: 'Content-Encoding',
  l: 'Content-Length',
  c: 'Content-Type',
  f: 'From',
  s: 'Subject',
  k: 'Supported',
  t: 'To',
  v: 'Via',
  r: 'Refer-To',
  b: 'Referred-By',
  o: 'Event',
  u: 'Allow-Events',
};

/** Parses one message; null when its start line or a header is not SIP. */
export function parseMessage(text: string): SipMessage | null {
  const split = text.indexOf('\r\n\r\n');
  const headText = split < 0 ? text : text.slice(0, split);
  let body = split < 0 ? '' : text.slice(split + 4);
  // Header lines may be folded (a line starting with blanks continues the previous one).
  const lines = headText.split(/\r?\n/).reduce<string[]>((acc, line) => {
    if (/^[ \t]/.test(line) && acc.length > 0) acc[acc.length - 1] += ` ${line.trim()}`;
    else acc.push(line);
    return acc;
  }, []);
  const start = lines.shift() ?? '';
  const headers: Array<readonly [string, string]> = [];
  for (const line of lines) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const raw = line.slice(0, colon).trim();
    const name = COMPACT[raw.toLowerCase()] ?? raw;
    headers.push([name, line.slice(colon + 1).trim()]);
  }
  const length = header(headers, 'Content-Length');
  if (length !== undefined) {
    const n = Number.parseInt(length, 10);
    if (!Number.isFinite(n) || n < 0) return null;
    // Content-Length counts bytes; a frame carries text, so cut by bytes.
    body = Buffer.from(body, 'utf8').subarray(0, n).toString('utf8');
  }
  const response = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(start);
  if (response) {
    return { kind: 'response', status: Number(response[1]), reason: response[2] ?? '', headers, body };
  }
  const request = /^([A-Za-z]+) (\S+) SIP\/2\.0$/.exec(start);
  if (!request) return null;
  return {
    kind: 'request',
    method: (request[1] as string).toUpperCase(),
    uri: request[2] as string,
    headers,
    body,
  };
}

/** The message as it goes on the wire, with a Content-Length that matches its body. */
export function serializeMessage(m: SipMessage): string {
  const start = m.kind === 'request' ? `${m.method} ${m.uri} SIP/2.0` : `SIP/2.0 ${m.status} ${m.reason}`;
  const lines = m.headers
    .filter(([name]) => name.toLowerCase() !== 'content-length')
    .map(([name, value]) => `${name}: ${value}`);
  lines.push(`Content-Length: ${Buffer.byteLength(m.body, 'utf8')}`);
  return `${start}\r\n${lines.join('\r\n')}\r\n\r\n${m.body}`;
}

/** The first header of that name (case-insensitive). */
export function header(headers: Headers, name: string): string | undefined {
  const n = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === n) return v;
  return undefined;
}

/** Every header of that name, in order. */
export function headersNamed(headers: Headers, name: string): string[] {
  const n = name.toLowerCase();
  return headers.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
}

/** A `;name=value` parameter of a header value (outside its <...>), or undefined. */
export function param(value: string, name: string): string | undefined {
  const close = value.lastIndexOf('>');
  const params = close >= 0 ? value.slice(close + 1) : value;
  for (const part of params.split(';').slice(1)) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (key === name.toLowerCase()) return eq < 0 ? '' : part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The URI of a name-addr or addr-spec (`"Name" <sip:a@b>;tag=x` -> `sip:a@b`). */
export function uriOf(value: string): string {
  const open = value.indexOf('<');
  if (open >= 0) {
    const close = value.indexOf('>', open);
    return value.slice(open + 1, close < 0 ? undefined : close);
  }
  return (value.split(';')[0] ?? '').trim();
}

/** The display name of a name-addr, unquoted, or ''. */
export function displayNameOf(value: string): string {
  const open = value.indexOf('<');
  if (open <= 0) return '';
  const name = value.slice(0, open).trim();
  return name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replace(/\\(.)/g, '$1') : name;
}

/** The user part of a SIP URI (`sip:600@host;x` -> `600`), or ''. */
export function userOf(uri: string): string {
  const m = /^sips?:([^@;?>]+)@/i.exec(uri.trim());
  return m ? decodeURIComponent(m[1] as string) : '';
}

/** The headers of a URI (`sip:a@b?Replaces=x%40y` -> Replaces: x@y), decoded. */
export function uriHeaders(uri: string): Map<string, string> {
  const out = new Map<string, string>();
  const q = uri.indexOf('?');
  if (q < 0) return out;
  for (const part of uri.slice(q + 1).split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).toLowerCase(), decodeURIComponent(part.slice(eq + 1)));
  }
  return out;
}

export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

export function cseqOf(headers: Headers): CSeq | null {
  const m = /^\s*(\d+)\s+([A-Za-z]+)/.exec(header(headers, 'CSeq') ?? '');
  return m ? { seq: Number(m[1]), method: (m[2] as string).toUpperCase() } : null;
}

/**
 * A response to `req` (RFC 3261 8.2.6.2): its Via, From, Call-ID and CSeq copied, To copied with
 * `toTag` added when it has none, then `extra` headers.
 */
export function responseTo(
  req: SipRequest,
  status: number,
  reason: string,
  extra: Headers = [],
  body = '',
  toTag?: string,
): SipResponse {
  const copied: Array<readonly [string, string]> = [];
  for (const [name, value] of req.headers) {
    const n = name.toLowerCase();
    if (n === 'via' || n === 'from' || n === 'call-id' || n === 'cseq' || n === 'record-route') {
      copied.push([name, value]);
    } else if (n === 'to') {
      copied.push([name, toTag && param(value, 'tag') === undefined ? `${value};tag=${toTag}` : value]);
    }
  }
  return { kind: 'response', status, reason, headers: [...copied, ...extra], body };
}
