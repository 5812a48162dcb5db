/**
 * Everything checked about a file before a single byte goes to the PBX: it exists, is a regular
 * readable file, has an extension Asterisk can play, fits Asterisk's signed-int Content-Length,
 * gets a safe stored name, and (warnings only) is a WAV Asterisk can play and does not silently
 * overwrite a file sent earlier in this session.
 */
import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { englishMessage } from '../../shared/ipc';
import { formatBytesEnglish } from '../../shared/notices-en';
import { notice, type Notice } from '../../shared/notices';
import { multipartOverhead, MAX_CONTENT_LENGTH } from './multipart';
import { baseName, extensionOf, hashedName, sanitizeName } from './names';
import { wavWarnings, WAV_HEADER_BYTES } from './wav';

/**
 * File extensions Asterisk's format modules read (formats/format_*.c `.exts`), case as Asterisk
 * matches them. Video formats are left out: a post mapping is for sounds.
 */
export const PLAYABLE_EXTENSIONS: readonly string[] = [
  'wav',
  'wav16',
  'WAV',
  'wav49',
  'gsm',
  'ulaw',
  'ul',
  'mu',
  'ulw',
  'pcm',
  'alaw',
  'al',
  'alw',
  'sln',
  'slin',
  'raw',
  'sln12',
  'sln16',
  'sln24',
  'sln32',
  'sln44',
  'sln48',
  'sln96',
  'sln192',
  'g722',
  'g729',
  'g723',
  'g723sf',
  'g726-40',
  'g726-32',
  'g726-24',
  'g726-16',
  'g719',
  'ilbc',
  'siren7',
  'siren14',
  'vox',
  'au',
  'ogg',
  'spx',
  'spx16',
  'spx32',
  // format_mp3 from asterisk-addons, common on PBX distributions.
  'mp3',
];

export type RefusalCode =
  'not-found' | 'not-a-file' | 'unreadable' | 'empty' | 'bad-name' | 'extension' | 'too-large';

export type FileCheck =
  | {
      readonly ok: true;
      readonly path: string;
      readonly size: number;
      /** The name the PBX will store it under (the original basename when that was already safe). */
      readonly sendName: string;
      readonly warnings: readonly Notice[];
    }
  | {
      readonly ok: false;
      readonly path: string;
      readonly code: RefusalCode;
      /** Why, for the renderer to word; `reason` is its English (CLI, logs). */
      readonly notice: Notice;
      readonly reason: string;
      /** The file's size when it could be read (a refused file still shows how big it is). */
      readonly size?: number;
    };

export interface CheckOptions {
  /** True when this stored name was already sent (or is being sent) in this batch or session. */
  readonly alreadySent?: (sendName: string) => boolean;
}

/** Pure: the refusal for a stored name's extension, or undefined when Asterisk can play it. */
export function extensionRefusal(sendName: string): Notice | undefined {
  const ext = extensionOf(sendName);
  if (PLAYABLE_EXTENSIONS.includes(ext)) return undefined;
  const lower = ext.toLowerCase();
  if (ext === '') return notice('upload.no-extension', { name: sendName });
  if (PLAYABLE_EXTENSIONS.includes(lower)) return notice('upload.extension-case', { ext, lower });
  return notice('upload.bad-extension', { ext, allowed: PLAYABLE_EXTENSIONS.map((e) => `.${e}`).join(' ') });
}

/** Pure: the refusal for a file of `size` bytes sent as `sendName`, or undefined when it fits. */
export function sizeRefusal(size: number, sendName: string): Notice | undefined {
  if (size + multipartOverhead(sendName) <= MAX_CONTENT_LENGTH) return undefined;
  return notice('upload.too-large', { name: sendName, bytes: size });
}

export const formatBytes = formatBytesEnglish;

/** SHA-256 of a file's content, hex, read in a stream (any size, little memory). */
export function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

export async function checkFile(path: string, options: CheckOptions = {}): Promise<FileCheck> {
  /** Set once the file could be stat'ed: a refused file still shows how big it is. */
  const known: { size?: number } = {};
  const refuse = (code: RefusalCode, why: Notice): FileCheck => ({
    ok: false,
    path,
    code,
    notice: why,
    reason: englishMessage(why),
    ...known,
  });
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return refuse('not-found', notice('upload.not-found', { path }));
    if (code === 'EACCES' || code === 'EPERM')
      return refuse('unreadable', notice('upload.no-permission', { path }));
    return refuse('unreadable', notice('upload.unreadable', { path }, (error as Error).message));
  }
  if (!info.isFile()) {
    return refuse(
      'not-a-file',
      notice(info.isDirectory() ? 'upload.is-folder' : 'upload.not-regular', { path }),
    );
  }
  known.size = info.size;
  const original = baseName(path);
  let sendName = sanitizeName(path);
  if (sendName === '' && info.size > 0) {
    // Nothing of the name survives (`日本語.wav`, `....wav`): name it after its content instead.
    try {
      sendName = hashedName(await sha256OfFile(path), path);
    } catch (error) {
      return refuse('unreadable', notice('upload.unreadable', { path }, (error as Error).message));
    }
  }
  // Only an empty file has no content to name it after.
  if (sendName === '') return refuse('empty', notice('upload.empty', { name: original }));
  const badExtension = extensionRefusal(sendName);
  if (badExtension) return refuse('extension', badExtension);
  if (info.size === 0) return refuse('empty', notice('upload.empty', { name: original }));
  const tooLarge = sizeRefusal(info.size, sendName);
  if (tooLarge) return refuse('too-large', tooLarge);

  let head: Buffer;
  try {
    const handle = await open(path, constants.O_RDONLY);
    try {
      const buffer = Buffer.alloc(Math.min(WAV_HEADER_BYTES, info.size));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return refuse('unreadable', notice('upload.unreadable', { path }, (error as Error).message));
  }

  const warnings: Notice[] = [];
  if (sendName !== original) warnings.push(notice('upload.renamed', { name: sendName, original }));
  warnings.push(...wavWarnings(extensionOf(sendName), head));
  if (options.alreadySent?.(sendName)) {
    warnings.push(notice('upload.already-sent', { name: sendName }));
  }
  return { ok: true, path, size: info.size, sendName, warnings };
}
