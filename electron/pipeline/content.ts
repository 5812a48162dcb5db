/**
 * Is this content what its extension says? Pure: takes the extension and the first bytes. A WAV,
 * Ogg, Sun .au or MP3 name must carry that format's signature; the headerless formats (raw
 * slin, ulaw, alaw, G.722...) cannot be proven right, but they can be proven wrong: a PDF, an
 * image, an archive, a program, a WAV or plain text under an audio name is not a recording, and
 * Asterisk would play it as noise on a call.
 */

/** What the content turned out to be when it is not the named format. */
export type FoundContent =
  'text' | 'pdf' | 'zip' | 'gzip' | 'png' | 'jpeg' | 'gif' | 'program' | 'wav' | 'ogg' | 'mp3' | 'unknown';

const startsWith = (head: Buffer, sig: string): boolean =>
  head.length >= sig.length && head.toString('latin1', 0, sig.length) === sig;

function signature(head: Buffer): FoundContent | undefined {
  if (startsWith(head, '%PDF')) return 'pdf';
  if (startsWith(head, 'PK\x03\x04')) return 'zip';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (startsWith(head, '\x89PNG')) return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (startsWith(head, 'GIF8')) return 'gif';
  if (startsWith(head, '\x7fELF') || startsWith(head, 'MZ')) return 'program';
  if (startsWith(head, 'RIFF') && head.toString('latin1', 8, 12) === 'WAVE') return 'wav';
  if (startsWith(head, 'OggS')) return 'ogg';
  if (startsWith(head, 'ID3')) return 'mp3';
  return undefined;
}

/** Printable text (ASCII or UTF-8 letters, tabs, newlines) all through the first 512 bytes. */
function looksLikeText(head: Buffer): boolean {
  const n = Math.min(head.length, 512);
  if (n < 16) return false;
  for (let i = 0; i < n; i++) {
    const b = head[i] as number;
    if (b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 0xc2) continue;
    if (b >= 0x80 && b < 0xc0) continue; // UTF-8 continuation bytes
    return false;
  }
  return true;
}

function isMp3Frame(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0xff && ((head[1] as number) & 0xe0) === 0xe0;
}

/** GSM 06.10 frames are 33 bytes, each starting with the 0xD signature nibble. */
function isGsm(head: Buffer): boolean {
  const frames = Math.min(8, Math.floor(head.length / 33));
  if (frames === 0) return false;
  for (let f = 0; f < frames; f++) if (((head[f * 33] as number) & 0xf0) !== 0xd0) return false;
  return true;
}

/**
 * Undefined when `head` may well be a recording of extension `ext` (any case); otherwise what it
 * is instead.
 */
export function wrongContent(ext: string, head: Buffer): FoundContent | undefined {
  const lower = ext.toLowerCase();
  const found = signature(head);
  switch (lower) {
    case 'wav':
    case 'wav16':
    case 'wav49':
      return found === 'wav' ? undefined : (found ?? (looksLikeText(head) ? 'text' : 'unknown'));
    case 'ogg':
    case 'spx':
    case 'spx16':
    case 'spx32':
      return found === 'ogg' ? undefined : (found ?? (looksLikeText(head) ? 'text' : 'unknown'));
    case 'au':
      return startsWith(head, '.snd') ? undefined : (found ?? (looksLikeText(head) ? 'text' : 'unknown'));
    case 'mp3':
      return found === 'mp3' || (found === undefined && isMp3Frame(head))
        ? undefined
        : (found ?? (looksLikeText(head) ? 'text' : 'unknown'));
    case 'gsm':
      return found === undefined && isGsm(head)
        ? undefined
        : (found ?? (looksLikeText(head) ? 'text' : 'unknown'));
    default: {
      // Headerless: anything but a known other format or text may be samples. Signatures of two
      // or three bytes turn up in samples by chance, so only the longer ones count here.
      const weak = found === 'gzip' || found === 'jpeg' || (found === 'program' && startsWith(head, 'MZ'));
      return (weak ? undefined : found) ?? (looksLikeText(head) ? 'text' : undefined);
    }
  }
}
