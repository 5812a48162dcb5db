/**
 * Reader for the capture files in shared/asterisk-wire: the `# ` header, then `>>> REQUEST` /
 * `<<< RESPONSE` blocks cut by the byte counts of the `# block N:` lines (the capture tool adds one
 * `\n` after each raw block, which is not wire data). A block marked ELIDED (only the 50 MB upload)
 * keeps what the file holds and says so.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The reference captures sit beside the checkout (`../shared`), in CI as on a developer's machine;
 * AJAM_WIRE_DIR points elsewhere when they don't.
 */
export const CAPTURE_DIR =
  process.env['AJAM_WIRE_DIR'] ?? fileURLToPath(new URL('../../../shared/asterisk-wire', import.meta.url));

export interface CaptureBlock {
  readonly kind: 'request' | 'response';
  /** Connection number when the capture names one (`conn#1`), else 1. */
  readonly conn: number;
  readonly bytes: Buffer;
  /** Full length on the wire (differs from bytes.length only when elided). */
  readonly length: number;
  readonly elided: boolean;
}

export interface Capture {
  readonly name: string;
  readonly comments: readonly string[];
  readonly blocks: readonly CaptureBlock[];
  /** The `# note: ...` lines, e.g. "server closed the TCP connection". */
  readonly notes: readonly string[];
}

const BLOCK_LINE = /^# block (\d+): (REQUEST|RESPONSE) (?:conn#(\d+) )?(\d+) bytes(.*)$/;

export function parseCapture(name: string, data: Buffer): Capture {
  const comments: string[] = [];
  const specs: Array<{ kind: 'request' | 'response'; conn: number; length: number; elided: boolean }> = [];
  let pos = 0;
  for (;;) {
    const nl = data.indexOf(0x0a, pos);
    if (nl < 0) throw new Error(`${name}: no block marker`);
    const line = data.subarray(pos, nl).toString('utf8');
    if (line.startsWith('>>> ') || line.startsWith('<<< ')) break;
    if (!line.startsWith('#')) throw new Error(`${name}: unexpected header line ${JSON.stringify(line)}`);
    comments.push(line);
    const m = BLOCK_LINE.exec(line);
    if (m) {
      specs.push({
        kind: m[2] === 'REQUEST' ? 'request' : 'response',
        conn: m[3] ? Number(m[3]) : 1,
        length: Number(m[4]),
        elided: (m[5] ?? '').includes('ELIDED'),
      });
    }
    pos = nl + 1;
  }
  const blocks: CaptureBlock[] = [];
  for (const [i, spec] of specs.entries()) {
    const nl = data.indexOf(0x0a, pos);
    const marker = data.subarray(pos, nl).toString('utf8');
    const want = spec.kind === 'request' ? '>>> REQUEST' : '<<< RESPONSE';
    if (marker !== want)
      throw new Error(`${name}: block ${i + 1} marker ${JSON.stringify(marker)}, expected ${want}`);
    pos = nl + 1;
    if (spec.elided) {
      blocks.push({ ...spec, bytes: data.subarray(pos, data.length - 1) });
      pos = data.length;
      continue;
    }
    const bytes = data.subarray(pos, pos + spec.length);
    if (bytes.length !== spec.length) throw new Error(`${name}: block ${i + 1} is short`);
    pos += spec.length;
    if (data[pos] !== 0x0a) throw new Error(`${name}: block ${i + 1} not followed by the capture tool's \\n`);
    pos += 1;
    blocks.push({ ...spec, bytes });
  }
  if (pos !== data.length)
    throw new Error(`${name}: ${data.length - pos} trailing bytes after the last block`);
  return { name, comments, blocks, notes: comments.filter((c) => c.startsWith('# note:')) };
}

export function loadCapture(name: string): Capture {
  return parseCapture(name, readFileSync(join(CAPTURE_DIR, name)));
}

export function captureNames(): string[] {
  return readdirSync(CAPTURE_DIR)
    .filter((f) => f.endsWith('.http'))
    .sort();
}

/** The client's pauses (`# note: client paused N ms`), by the request block they come before. */
export function pausesOf(capture: Capture): Map<number, number> {
  const pauses = new Map<number, number>();
  let block = 0;
  for (const line of capture.comments) {
    const b = /^# block (\d+):/.exec(line);
    if (b) block = Number(b[1]);
    const p = /^# note: client paused (\d+) ms/.exec(line);
    if (p) pauses.set(block + 1, (pauses.get(block + 1) ?? 0) + Number(p[1]));
  }
  return pauses;
}
