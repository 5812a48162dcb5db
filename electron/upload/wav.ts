/**
 * A look at a WAV file's header before it is sent: Asterisk's `wav` reader (formats/format_wav.c)
 * plays only 16-bit mono PCM at 8 kHz (`.wav`) or 16 kHz (`.wav16`); `.WAV`/`.wav49` is GSM in a
 * WAV container. Anything else has to be transcoded first or will not play, which the user should
 * hear about before the upload rather than on a call. Pure: takes the first bytes of the file.
 */
import { notice, type Notice, type WavFormatParams } from '../../shared/notices';

export interface WavFormat {
  /** 1 = PCM, 0x31 = GSM 6.10, 0xFFFE = extensible (its sub-format then decides). */
  readonly audioFormat: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly bitsPerSample: number;
}

export type WavHeader =
  | { readonly kind: 'not-riff' }
  | { readonly kind: 'no-fmt' }
  | { readonly kind: 'wav'; readonly format: WavFormat };

/** How many leading bytes `inspectWav` wants to see (fmt usually sits right after the RIFF header). */
export const WAV_HEADER_BYTES = 64 * 1024;

const PCM = 1;
const GSM610 = 0x31;
const EXTENSIBLE = 0xfffe;

export function inspectWav(head: Buffer): WavHeader {
  if (
    head.length < 12 ||
    head.toString('latin1', 0, 4) !== 'RIFF' ||
    head.toString('latin1', 8, 12) !== 'WAVE'
  ) {
    return { kind: 'not-riff' };
  }
  let at = 12;
  while (at + 8 <= head.length) {
    const id = head.toString('latin1', at, at + 4);
    const size = head.readUInt32LE(at + 4);
    if (id === 'fmt ') {
      if (size < 16 || at + 8 + 16 > head.length) return { kind: 'no-fmt' };
      const body = at + 8;
      let audioFormat = head.readUInt16LE(body);
      // WAVE_FORMAT_EXTENSIBLE carries the real format in the first 2 bytes of its sub-format GUID.
      if (audioFormat === EXTENSIBLE && size >= 40 && body + 26 <= head.length) {
        audioFormat = head.readUInt16LE(body + 24);
      }
      return {
        kind: 'wav',
        format: {
          audioFormat,
          channels: head.readUInt16LE(body + 2),
          sampleRate: head.readUInt32LE(body + 4),
          bitsPerSample: head.readUInt16LE(body + 14),
        },
      };
    }
    // Chunks are word-aligned: an odd size has a pad byte.
    at += 8 + size + (size % 2);
  }
  return { kind: 'no-fmt' };
}

/** The format as a notice's parameters: each language words it ("44.1 kHz stereo 16-bit PCM"). */
function describe(f: WavFormat): WavFormatParams {
  const codec = f.audioFormat === PCM ? 'PCM' : f.audioFormat === GSM610 ? 'GSM' : `format ${f.audioFormat}`;
  return { rate: f.sampleRate / 1000, channels: f.channels, bits: f.bitsPerSample, codec };
}

/**
 * Warnings (never refusals) for a file with extension `ext` whose first bytes are `head`.
 * Only WAV extensions are inspected.
 */
export function wavWarnings(ext: string, head: Buffer): Notice[] {
  if (ext !== 'wav' && ext !== 'wav16' && ext !== 'WAV' && ext !== 'wav49') return [];
  const header = inspectWav(head);
  if (header.kind === 'not-riff') return [notice('upload.not-wav')];
  if (header.kind === 'no-fmt') return [notice('upload.wav-no-format')];
  const f = header.format;
  const playable = f.audioFormat === PCM && f.channels === 1 && f.bitsPerSample === 16;
  if (ext === 'WAV' || ext === 'wav49') {
    if (f.audioFormat === GSM610) return [];
    return [
      playable && (f.sampleRate === 8000 || f.sampleRate === 16000)
        ? notice('upload.wav49-rename', { ...describe(f), ext, to: f.sampleRate === 8000 ? 'wav' : 'wav16' })
        : notice('upload.wav49-convert', { ...describe(f), ext }),
    ];
  }
  if (!playable || (f.sampleRate !== 8000 && f.sampleRate !== 16000)) {
    return [notice('upload.wav-unplayable', describe(f))];
  }
  const expected = ext === 'wav' ? 8000 : 16000;
  if (f.sampleRate !== expected) {
    const to = f.sampleRate === 8000 ? 'wav' : 'wav16';
    return [notice('upload.wav-rate', { ...describe(f), ext, kHz: expected / 1000, to })];
  }
  return [];
}
