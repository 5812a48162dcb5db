/**
 * Everything about a settled file that is decided before a byte goes out: a regular file, not
 * empty, not over Asterisk's 2 GiB limit, a safe stored name, an extension Asterisk plays in any
 * case (`LLAMADA.WAV` is fine), content that is what the extension says, and a WAV header that
 * agrees with the extension (a 16 kHz WAV under `.wav` is renamed `.wav16` or warned about, as the
 * profile says). Builds on upload/checks.ts; the naming is pure (`storedName`).
 */
import { open, stat } from 'node:fs/promises';
import { notice, type Notice } from '../../shared/notices';
import type { Wav16Policy } from '../../shared/pipeline';
import { extensionRefusal, sha256OfFile, sizeRefusal } from '../upload/checks';
import { baseName, extensionOf, hashedName, sanitizeName } from '../upload/names';
import { inspectWav, wavWarnings, WAV_HEADER_BYTES } from '../upload/wav';
import { wrongContent } from './content';

export type Precheck =
  | {
      readonly ok: true;
      readonly sendName: string;
      readonly size: number;
      readonly mtimeMs: number;
      readonly warnings: readonly Notice[];
    }
  | {
      readonly ok: false;
      readonly code: string;
      readonly notice: Notice;
      readonly size?: number;
      readonly mtimeMs?: number;
    };

type Named = { readonly name: string; readonly warnings: readonly Notice[] } | { readonly refusal: Notice };

const PCM = 1;
const GSM610 = 0x31;

function withExt(name: string, ext: string): string {
  const dot = name.lastIndexOf('.');
  return `${dot > 0 ? name.slice(0, dot) : name}.${ext}`;
}

/**
 * The stored name for a safe name `safe` of a file starting with `head`: the extension in the case
 * Asterisk reads it, a PCM WAV's extension matching its rate. Pure.
 */
export function storedName(safe: string, head: Buffer, wav16: Wav16Policy): Named {
  const ext = extensionOf(safe);
  const lower = ext.toLowerCase();
  // `.WAV` is Asterisk's GSM-in-WAV (wav49); every other extension is read in lower case.
  let name = ext === 'WAV' || extensionRefusal(safe) === undefined ? safe : withExt(safe, lower);
  const refusal = extensionRefusal(name);
  if (refusal) return { refusal };
  const found = wrongContent(lower, head);
  if (found !== undefined) return { refusal: notice('pipeline.not-audio', { name: safe, ext, found }) };
  const warnings: Notice[] = [];
  if (name !== safe) warnings.push(notice('pipeline.renamed', { name, original: safe, why: 'case' }));
  const header = inspectWav(head);
  if (header.kind === 'wav') {
    const f = header.format;
    const pcm16mono = f.audioFormat === PCM && f.channels === 1 && f.bitsPerSample === 16;
    const current = extensionOf(name);
    let to: string | undefined;
    if (pcm16mono && f.sampleRate === 8000 && current !== 'wav') to = 'wav';
    if (pcm16mono && f.sampleRate === 16000 && current !== 'wav16') to = 'wav16';
    if (f.audioFormat === GSM610 && current !== 'WAV' && current !== 'wav49') to = 'WAV';
    // Only a 16 kHz WAV under .wav is the admin's call; the other mismatches cannot play at all.
    const allowed = to !== undefined && !(to === 'wav16' && current === 'wav' && wav16 === 'warn');
    if (to !== undefined && allowed) {
      const renamed = withExt(name, to);
      warnings.push(notice('pipeline.renamed', { name: renamed, original: safe, why: 'wav-format' }));
      name = renamed;
    }
  }
  warnings.push(...wavWarnings(extensionOf(name), head));
  return { name, warnings };
}

export async function precheck(path: string, wav16: Wav16Policy): Promise<Precheck> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? { ok: false, code: 'not-found', notice: notice('upload.not-found', { path }) }
      : {
          ok: false,
          code: 'unreadable',
          notice: notice('upload.unreadable', { path }, (error as Error).message),
        };
  }
  const known = { size: info.size, mtimeMs: info.mtimeMs };
  const original = baseName(path);
  if (!info.isFile())
    return { ok: false, code: 'not-a-file', notice: notice('upload.not-regular', { path }), ...known };
  if (info.size === 0)
    return { ok: false, code: 'empty', notice: notice('upload.empty', { name: original }), ...known };
  let safe = sanitizeName(path);
  let head: Buffer;
  try {
    if (safe === '') safe = hashedName(await sha256OfFile(path), path);
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(WAV_HEADER_BYTES, info.size));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return {
      ok: false,
      code: 'unreadable',
      notice: notice('upload.unreadable', { path }, (error as Error).message),
      ...known,
    };
  }
  const tooLarge = sizeRefusal(info.size, safe);
  if (tooLarge) return { ok: false, code: 'too-large', notice: tooLarge, ...known };
  const named = storedName(safe, head, wav16);
  if ('refusal' in named) {
    const code = named.refusal.key === 'pipeline.not-audio' ? 'not-audio' : 'extension';
    return { ok: false, code, notice: named.refusal, ...known };
  }
  const warnings = [...named.warnings];
  if (safe !== original) warnings.unshift(notice('upload.renamed', { name: safe, original }));
  return { ok: true, sendName: named.name, warnings, ...known };
}
