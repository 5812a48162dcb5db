/**
 * A look at a WAV file's header before it is sent: Asterisk's `wav` reader (formats/format_wav.c)
 * plays only 16-bit mono PCM at 8 kHz (`.wav`) or 16 kHz (`.wav16`); `.WAV`/`.wav49` is GSM in a
 * WAV container. Anything else has to be transcoded first or will not play, which the user should
 * hear about before the upload rather than on a call. Pure: takes the first bytes of the file.
 */

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

function describe(f: WavFormat): string {
  const codec = f.audioFormat === PCM ? 'PCM' : f.audioFormat === GSM610 ? 'GSM' : `format ${f.audioFormat}`;
  const channels = f.channels === 1 ? 'mono' : f.channels === 2 ? 'stereo' : `${f.channels} channels`;
  return `${f.sampleRate / 1000} kHz ${channels} ${f.bitsPerSample}-bit ${codec}`;
}

/**
 * Warnings (never refusals) for a file with extension `ext` whose first bytes are `head`.
 * Only WAV extensions are inspected.
 */
export function wavWarnings(ext: string, head: Buffer): string[] {
  if (ext !== 'wav' && ext !== 'wav16' && ext !== 'WAV' && ext !== 'wav49') return [];
  const header = inspectWav(head);
  if (header.kind === 'not-riff') {
    return ['This is not a WAV file (no RIFF/WAVE header): Asterisk will not be able to play it.'];
  }
  if (header.kind === 'no-fmt') {
    return ['This WAV file has no readable format (fmt) chunk: Asterisk will not be able to play it.'];
  }
  const f = header.format;
  const playable = f.audioFormat === PCM && f.channels === 1 && f.bitsPerSample === 16;
  if (ext === 'WAV' || ext === 'wav49') {
    if (f.audioFormat === GSM610) return [];
    return [
      `Asterisk reads .${ext} files as GSM-in-WAV (WAV49), but this one is ${describe(f)}: ` +
        (playable && (f.sampleRate === 8000 || f.sampleRate === 16000)
          ? `rename it with a lower-case .${f.sampleRate === 8000 ? 'wav' : 'wav16'} extension.`
          : 'convert it to 8 kHz mono 16-bit PCM and name it .wav.'),
    ];
  }
  if (!playable || (f.sampleRate !== 8000 && f.sampleRate !== 16000)) {
    return [
      `This WAV file is ${describe(f)}; Asterisk plays 8 or 16 kHz mono 16-bit PCM, ` +
        'so it must be transcoded or it cannot be played.',
    ];
  }
  const expected = ext === 'wav' ? 8000 : 16000;
  if (f.sampleRate !== expected) {
    return [
      `This file is ${describe(f)} but Asterisk reads .${ext} files as ${expected / 1000} kHz: ` +
        `name it .${f.sampleRate === 8000 ? 'wav' : 'wav16'} instead.`,
    ];
  }
  return [];
}
