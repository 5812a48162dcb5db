/**
 * Reads /work/shared/asterisk-wire captures: `# block N: KIND <bytes> bytes` headers, then raw blocks
 * after `>>> REQUEST` / `<<< RESPONSE` marker lines, each followed by one extra `\n` that is not wire data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CAPTURE_DIR = process.env['AJAM_WIRE_DIR'] ?? '/work/shared/asterisk-wire';

export interface WireBlock {
  readonly kind: 'REQUEST' | 'RESPONSE';
  readonly bytes: Buffer;
}

export interface HttpResponseBlock {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

export function captureNames(): string[] {
  return readdirSync(CAPTURE_DIR)
    .filter((n) => n.endsWith('.http'))
    .sort();
}

export function readCapture(name: string): WireBlock[] {
  const file = readFileSync(join(CAPTURE_DIR, name));
  const sizes: Array<{ kind: 'REQUEST' | 'RESPONSE'; size: number }> = [];
  for (const m of file.toString('latin1').matchAll(/^# block \d+: (REQUEST|RESPONSE) (\d+) bytes/gm)) {
    sizes.push({ kind: m[1] as 'REQUEST' | 'RESPONSE', size: Number(m[2]) });
  }
  const blocks: WireBlock[] = [];
  let pos = 0;
  for (const { kind, size } of sizes) {
    const marker = Buffer.from(kind === 'REQUEST' ? '>>> REQUEST\n' : '<<< RESPONSE\n', 'latin1');
    const at = file.indexOf(marker, pos);
    if (at === -1) throw new Error(`${name}: marker for ${kind} block not found`);
    const start = at + marker.length;
    blocks.push({ kind, bytes: file.subarray(start, start + size) });
    pos = start + size;
  }
  return blocks;
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
  return readCapture(name)
    .filter((b) => b.kind === 'RESPONSE')
    .map((b) => splitResponse(b.bytes))
    .filter((r) =>
      r.headers.some(([k, v]) => k.toLowerCase() === 'content-type' && v.startsWith(contentType)),
    );
}
