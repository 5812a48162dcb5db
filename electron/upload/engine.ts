/**
 * Uploads ONE file to an Asterisk post mapping, in the only way real Asterisk reliably accepts.
 *
 * res_http_post reads the body in pieces of `4096 - held` bytes and gives up, silently and for
 * ever, on any read that comes back short (see plan.ts). So the body is replayed through the same
 * read loop as it is produced, and each of the server's reads is written as exactly one TLS record:
 * one `write()` of exactly that size, awaited before the next (queued writes are coalesced into
 * 16 KiB records). The request head goes first, alone, under 2048 bytes, so Asterisk's head buffer
 * is empty when the body starts. Over TCP the same alignment only holds on loopback, where a write
 * arrives whole, and only while Asterisk keeps up: the writes are paced to its reads (tcp-pace.ts).
 * Plain http to any other host is refused for files over 1 KiB, and to a loopback PBX whose reads
 * cannot be watched for files over 64 KiB, unless the caller explicitly overrides it.
 *
 * Only `200` with "File successfully uploaded." after the whole body was sent, from a file whose size
 * and modification time did not change while it was read, counts as done. Everything the engine needs comes in
 * as arguments (URL, mapping, cookie provider, relogin, trust), so it does not depend on the AJAM
 * client's internals.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { setTimeout as delay } from 'node:timers/promises';
import { englishMessage } from '../../shared/ipc';
import { notice, type Notice } from '../../shared/notices';
import { BodySource, FileChangedError } from './body';
import { sizeRefusal } from './checks';
import { ConnectError, isLoopbackHost, openConnection, type UploadTrust } from './connect';
import {
  badRequestMessage,
  earlyReplyMessage,
  fileChangedMessage,
  noReplyMessage,
  noSessionMessage,
  notFoundMessage,
  notImplementedMessage,
  permissionMessage,
  plainHttpRefusal,
} from './messages';
import { buildMultipart, type MultipartBody } from './multipart';
import { isSafeName } from './names';
import { ReadPlan } from './plan';
import { LoopbackPacer, planPlainHttp, type ReadTable } from './tcp-pace';
import { ProgressMeter, type UploadProgress } from './progress';
import { isUploadSuccess, parseReply, pbxMessage, type HttpReply } from './reply';

export type { UploadProgress } from './progress';
export type { UploadTrust } from './connect';

/** Where and as whom to upload; shared by every file of a batch. */
export interface UploadTarget {
  /** Base URL including the http.conf prefix, e.g. `https://pbx:8089/asterisk`. */
  readonly baseUrl: string;
  /** The [post_mappings] name, e.g. `recordings`. */
  readonly mapping: string;
  /** The current mansession_id (quoted or not), or undefined when not logged in. */
  readonly cookie: () => string | undefined;
  /** Logs in again; called once after a 403. */
  readonly relogin: () => Promise<void>;
  readonly trust?: UploadTrust;
  /**
   * Send files over plain http that the engine would refuse (over 1 KiB to a host that is not
   * loopback; over 64 KiB to a loopback PBX whose reads it cannot pace), although real Asterisk
   * then often hangs (and burns a CPU core until restarted). Off unless the user asked.
   */
  readonly allowRiskyPlainHttp?: boolean;
  /** Reads the kernel's TCP tables for pacing plain http on loopback. Default: /proc (tests replace it). */
  readonly tcpTables?: ReadTable;
  /** TCP/TLS connect timeout. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** How long to wait for the reply after the last byte. Default 20 s plus 1 s per 32 MiB. */
  readonly replyTimeoutMs?: number;
  /** Give up when the PBX accepts no data for this long while sending. Default 30 s. */
  readonly stallTimeoutMs?: number;
}

export interface UploadJob {
  readonly path: string;
  /** The stored name (from checks.ts: a safe basename). */
  readonly sendName: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: UploadProgress) => void;
  /**
   * How the body is written. 'aligned' is the engine; 'single-write' sends head and body in one
   * write the way ordinary clients do, and exists only so tests and benchmarks can show that it
   * hangs against Asterisk's read loop.
   */
  readonly writeStrategy?: 'aligned' | 'single-write';
  /**
   * Hash the file's bytes as they are read for sending (no second read): the outcome then carries
   * the SHA-256 of exactly what the PBX got.
   */
  readonly hash?: boolean;
  /**
   * With `hash`: called as soon as the whole file has been read and hashed (while the body is
   * still going out), and awaited before the write that completes the body. Until that write
   * Asterisk cannot have stored the file (it stores only a complete body); from then on it may
   * have. A journal records the hash here, so after a crash it knows which tries may have reached
   * the PBX; its fsync overlaps with sending.
   */
  readonly beforeLastWrite?: (sent: {
    readonly sha256: string;
    readonly bytes: number;
  }) => Promise<void> | void;
  /**
   * Called as each try starts, before connecting, and awaited before the first byte is written:
   * a journal's intent record is synced while the connection is being made.
   */
  readonly beforeFirstWrite?: () => Promise<unknown>;
}

export type UploadErrorCode =
  | 'bad-url'
  | 'bad-name'
  | 'plain-http-refused'
  | 'file'
  | 'file-changed'
  | 'too-large'
  | 'connect'
  | 'tls'
  | 'no-session'
  | 'permission'
  | 'bad-request'
  | 'not-found'
  | 'not-implemented'
  | 'server-error'
  | 'unexpected-reply'
  | 'early-reply'
  | 'no-reply'
  | 'stalled'
  | 'network';

export type UploadOutcome =
  | {
      readonly status: 'uploaded';
      readonly bytes: number;
      readonly elapsedMs: number;
      readonly relogged: boolean;
      /** Hex SHA-256 of the bytes sent, when the job asked for `hash`. */
      readonly sha256?: string;
    }
  | {
      readonly status: 'failed';
      readonly code: UploadErrorCode;
      readonly message: string;
      readonly httpStatus?: number;
      /** Asterisk's own sentence from its reply page. */
      readonly pbxMessage?: string;
      /** The certificate's SHA-256 (hex with colons) when TLS verification failed: offer to trust it. */
      readonly fingerprint?: string;
      /**
       * The failure as a notice the renderer words in the operator's language; `message` is the
       * engine's full English explanation (CLI, logs), and the notice's detail where no key says more.
       */
      readonly notice: Notice;
    }
  | { readonly status: 'cancelled' };

type Failed = Extract<UploadOutcome, { status: 'failed' }>;

/** Files up to this size usually survive plain http to a remote Asterisk (they fit one read). */
export const PLAIN_HTTP_SAFE_BYTES = 1024;
/** Asterisk reads the request head through a 2048-byte buffer: ours must fit in one read of it. */
const MAX_HEAD_BYTES = 2047;
/**
 * Over TCP, body bytes that reach Asterisk together with the head stay in its head buffer, and the
 * first body read then returns only those: short. A pause after the head lets it read the head alone.
 */
const TCP_HEAD_PAUSE_MS = 100;
/** After a failed write, how long a reply the PBX already sent may take to show up. */
const LATE_REPLY_MS = 1000;
const MAX_REPLY_BYTES = 64 * 1024;

export function defaultReplyTimeoutMs(size: number): number {
  return 20_000 + Math.ceil(size / (32 * 1024 * 1024)) * 1000;
}

/** The notice for a failure whose call site gives none: one key per kind, the explanation as detail. */
function defaultNotice(code: UploadErrorCode, message: string): Notice {
  switch (code) {
    case 'connect':
      return notice('upload.connect-failed', {}, message);
    case 'tls':
      return notice('upload.tls-failed', {}, message);
    case 'permission':
      return notice('upload.permission', {}, message);
    case 'no-session':
      return notice('upload.no-session', {}, message);
    case 'not-found':
      return notice('upload.no-mapping-on-pbx', {}, message);
    case 'no-reply':
      return notice('upload.no-reply', {}, message);
    case 'bad-request':
    case 'not-implemented':
    case 'server-error':
    case 'unexpected-reply':
      return notice('upload.pbx-refused', {}, message);
    default:
      return notice('upload.failed', {}, message);
  }
}

const failed = (code: UploadErrorCode, message: string, extra: Partial<Failed> = {}): Failed => ({
  status: 'failed',
  code,
  message,
  notice: defaultNotice(code, message),
  ...extra,
});

function plainHttpFailed(
  url: URL,
  sendName: string,
  size: number,
  reason: 'remote' | 'unobservable',
): Failed {
  return failed('plain-http-refused', plainHttpRefusal(url, sendName, size, reason), {
    notice: notice('upload.plain-http-refused', { name: sendName, host: url.host }),
  });
}

export function uploadUrl(target: Pick<UploadTarget, 'baseUrl' | 'mapping'>): URL | Failed {
  let url: URL;
  try {
    url = new URL(target.baseUrl);
  } catch {
    return failed('bad-url', `Not a URL: ${JSON.stringify(target.baseUrl)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return failed('bad-url', `The PBX URL must start with http:// or https:// (got ${url.protocol}).`);
  }
  if (url.username || url.password || url.search || url.hash) {
    return failed('bad-url', 'The PBX URL must not carry credentials, a query or a fragment.');
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(target.mapping) || /^\.+$/.test(target.mapping)) {
    return failed(
      'bad-url',
      `Not a post mapping name: ${JSON.stringify(target.mapping)} (http.conf [post_mappings] key, e.g. recordings).`,
    );
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${target.mapping}`;
  return url;
}

/** The cookie value without quotes, or undefined when it is missing or could break the header. */
function cookieValue(raw: string | undefined): string | undefined {
  const value = raw?.trim().replace(/^"|"$/g, '');
  return value && /^[A-Za-z0-9]+$/.test(value) ? value : undefined;
}

export async function uploadFile(target: UploadTarget, job: UploadJob): Promise<UploadOutcome> {
  const url = uploadUrl(target);
  if (!(url instanceof URL)) return url;
  if (!isSafeName(job.sendName)) {
    return failed('bad-name', `Refusing to send the unsafe name ${JSON.stringify(job.sendName)}.`, {
      notice: notice('upload.bad-name', { name: job.sendName }),
    });
  }
  if (job.signal?.aborted) return { status: 'cancelled' };
  let file: FileHandle;
  try {
    file = await open(job.path, 'r');
  } catch (error) {
    return failed('file', `Cannot open ${job.path}: ${(error as Error).message}`);
  }
  try {
    const info = await file.stat({ bigint: true });
    if (!info.isFile()) return failed('file', `${job.path} is not a regular file.`);
    const size = Number(info.size);
    const tooLarge = sizeRefusal(size, job.sendName);
    if (tooLarge) return failed('too-large', englishMessage(tooLarge), { notice: tooLarge });
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      const plan = planPlainHttp({
        loopback: false,
        observable: false,
        size,
        remoteSafeBytes: PLAIN_HTTP_SAFE_BYTES,
        override: target.allowRiskyPlainHttp === true,
      });
      if (plan.kind === 'refused') return plainHttpFailed(url, job.sendName, size, plan.reason);
    }
    const started = performance.now();
    let relogged = false;
    for (;;) {
      const result = await attempt(url, target, job, file, size);
      if (result.kind === 'cancelled' || job.signal?.aborted) return { status: 'cancelled' };
      if (result.kind === 'failed') return result.outcome;
      const reply = result.reply;
      if (reply.status === 403 && !relogged) {
        // Sent before Asterisk reads the body, so nothing is stuck on the PBX: safe to retry even over http.
        relogged = true;
        try {
          await target.relogin();
        } catch (error) {
          return failed(
            'no-session',
            `The PBX refused the upload session (403) and logging in again failed: ${(error as Error).message}`,
            {
              httpStatus: 403,
            },
          );
        }
        continue;
      }
      if (reply.status === 200 && !result.sentAll) {
        // Asterisk answers only after reading all of Content-Length: a 200 before that is not
        // about this file, whatever it says.
        const text = pbxMessage(reply);
        return failed('early-reply', earlyReplyMessage(job.sendName, result.sentBytes, size, text), {
          httpStatus: 200,
          pbxMessage: text,
          notice: notice(
            'upload.early-reply',
            { name: job.sendName, sentBytes: result.sentBytes, totalBytes: size },
            text,
          ),
        });
      }
      if (isUploadSuccess(reply)) {
        // The body held the first `size` bytes read from the file: a file still being written
        // (a recording in progress, a copy not finished) left the PBX with a cut or mixed copy.
        const after = await file.stat({ bigint: true });
        if (after.size !== info.size || after.mtimeNs !== info.mtimeNs) {
          const nowBytes = Number(after.size);
          return failed('file-changed', fileChangedMessage(job.sendName, size, nowBytes), {
            httpStatus: 200,
            pbxMessage: pbxMessage(reply),
            notice:
              nowBytes > size
                ? notice('upload.file-grew', { name: job.sendName, sentBytes: size, nowBytes })
                : notice('upload.file-modified', { name: job.sendName }),
          });
        }
        return {
          status: 'uploaded',
          bytes: size,
          elapsedMs: performance.now() - started,
          relogged,
          ...(result.sha256 !== undefined ? { sha256: result.sha256 } : {}),
        };
      }
      return interpret(reply, url, target.mapping);
    }
  } catch (error) {
    if (error instanceof FileChangedError) {
      return failed('file', `${job.path}: ${error.message}`, {
        notice: notice('upload.file-changed', {}, error.message),
      });
    }
    throw error;
  } finally {
    await file.close();
  }
}

function interpret(reply: HttpReply, url: URL, mapping: string): Failed {
  const text = pbxMessage(reply);
  const extra = { httpStatus: reply.status, pbxMessage: text };
  switch (reply.status) {
    case 200:
      return failed(
        'unexpected-reply',
        `The PBX answered 200 but not "File successfully uploaded." ("${text}"), so nothing is counted as uploaded.`,
        extra,
      );
    case 401:
      return failed('permission', permissionMessage(), extra);
    case 403:
      return failed('no-session', noSessionMessage(), extra);
    case 400:
      return failed('bad-request', badRequestMessage(text), extra);
    case 404:
      return failed('not-found', notFoundMessage(url.pathname, mapping), extra);
    case 501:
      return failed('not-implemented', notImplementedMessage(text), extra);
    case 500:
      return failed(
        'server-error',
        `The PBX failed while storing the upload (500: "${text}"). Check the Asterisk log and the post mapping folder.`,
        extra,
      );
    default:
      return failed(
        'unexpected-reply',
        `The PBX answered ${reply.status} ${reply.reason} ("${text}").`,
        extra,
      );
  }
}

type Attempt =
  | {
      readonly kind: 'reply';
      readonly reply: HttpReply;
      readonly sentAll: boolean;
      /** File bytes written before the reply came (all of them when `sentAll`). */
      readonly sentBytes: number;
      /** SHA-256 of the file bytes sent, when all were sent and the job asked for it. */
      readonly sha256?: string;
    }
  | { readonly kind: 'failed'; readonly outcome: Failed }
  | { readonly kind: 'cancelled' };

/** Watches the socket for the reply while the body is still going out (401/403 come early). */
class ReplyWatch {
  reply: HttpReply | undefined;
  closed = false;
  readonly done: Promise<void>;
  private chunks: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly socket: Socket) {
    let finish!: () => void;
    this.done = new Promise<void>((resolve) => (finish = resolve));
    socket.on('data', (chunk: Buffer) => {
      if (this.bytes < MAX_REPLY_BYTES) {
        this.chunks.push(chunk);
        this.bytes += chunk.length;
      }
      this.reply ??= parseReply(Buffer.concat(this.chunks), false);
      if (this.reply) {
        finish();
        // The reply ends the exchange: stop any write still going (Asterisk closes anyway).
        socket.destroy();
      }
    });
    const close = (): void => {
      this.closed = true;
      this.reply ??= parseReply(Buffer.concat(this.chunks), true);
      finish();
    };
    socket.on('end', close);
    socket.on('close', close);
    socket.on('error', () => undefined);
  }
}

function writeOnce(socket: Socket, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

async function attempt(
  url: URL,
  target: UploadTarget,
  job: UploadJob,
  file: FileHandle,
  size: number,
): Promise<Attempt> {
  const signal = job.signal;
  const first = job.beforeFirstWrite?.();
  // Awaited below; until then a failure must not count as unhandled.
  first?.catch(() => undefined);
  let socket: Socket;
  try {
    socket = await openConnection(url, target.trust, target.connectTimeoutMs ?? 10_000, signal);
  } catch (error) {
    if (signal?.aborted) return { kind: 'cancelled' };
    if (error instanceof ConnectError) {
      return {
        kind: 'failed',
        outcome: failed(
          error.code,
          error.message,
          error.fingerprint ? { fingerprint: error.fingerprint } : {},
        ),
      };
    }
    throw error;
  }
  let pacer: LoopbackPacer | undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname) && job.writeStrategy !== 'single-write') {
    // Decided on the open connection, before a byte is sent: only now is the PBX's socket visible.
    const candidate = new LoopbackPacer(socket, target.tcpTables);
    const plan = planPlainHttp({
      loopback: true,
      observable: await candidate.observable(),
      size,
      remoteSafeBytes: PLAIN_HTTP_SAFE_BYTES,
      override: target.allowRiskyPlainHttp === true,
    });
    if (plan.kind === 'refused') {
      socket.destroy();
      return {
        kind: 'failed',
        outcome: plainHttpFailed(url, job.sendName, size, plan.reason),
      };
    }
    if (plan.kind === 'paced') pacer = candidate;
  }
  const watch = new ReplyWatch(socket);
  const onAbort = (): void => {
    socket.destroy();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let lastProgressAt = performance.now();
  let sentBytes = 0;
  let stalled = false;
  const stallMs = target.stallTimeoutMs ?? 30_000;
  const watchdog = setInterval(
    () => {
      if (performance.now() - lastProgressAt > stallMs) {
        stalled = true;
        socket.destroy();
      }
    },
    Math.min(1000, stallMs),
  );
  try {
    const body = buildMultipart(job.sendName, size);
    const head = requestHead(url, target.cookie(), body);
    const meter = new ProgressMeter(size, job.onProgress);
    const hash = job.hash === true ? createHash('sha256') : undefined;
    let sha256: string | undefined;
    let hashedBytes = 0;
    let lastWriteReady: Promise<void> | undefined;
    const hashDone = (): Promise<void> => {
      if (!hash) return Promise.resolve();
      if (lastWriteReady) return lastWriteReady;
      sha256 = hash.digest('hex');
      lastWriteReady = Promise.resolve(job.beforeLastWrite?.({ sha256, bytes: size }));
      // Awaited before the last write; until then a failure must not count as unhandled.
      lastWriteReady.catch(() => undefined);
      return lastWriteReady;
    };
    const onFileBlock = (block: Buffer): void => {
      hash?.update(block);
      hashedBytes += block.length;
      if (hashedBytes === size) void hashDone();
    };
    const source = new BodySource(file, body, undefined, hash ? onFileBlock : undefined);
    let sentAll = false;
    const beforeLast = (): Promise<void> => hashDone();
    try {
      if (first) await first;
      if (job.writeStrategy === 'single-write') {
        const all = Buffer.concat([head, await source.take(body.contentLength)]);
        await beforeLast();
        await writeOnce(socket, all);
        sentAll = true;
        sentBytes = size;
      } else {
        await writeOnce(socket, head);
        if (url.protocol === 'http:') await delay(TCP_HEAD_PAUSE_MS);
        // Asterisk replies 200 only after reading all of Content-Length, so a reply that comes
        // once every byte is out (even while we were still pacing) is the real answer.
        sentAll = await sendAligned(
          socket,
          source,
          body,
          watch,
          meter,
          pacer,
          (fileBytes) => {
            lastProgressAt = performance.now();
            sentBytes = fileBytes;
          },
          beforeLast,
        );
      }
      if (sentAll) meter.finish();
    } catch (error) {
      if (error instanceof FileChangedError || error instanceof BoundaryInFileError) {
        const changed = error instanceof FileChangedError;
        return {
          kind: 'failed',
          outcome: failed('file', `${job.path}: ${error.message}`, {
            notice: changed
              ? notice('upload.file-changed', {}, error.message)
              : notice('upload.failed', {}, error.message),
          }),
        };
      }
      if (signal?.aborted) return { kind: 'cancelled' };
      // A refusal the PBX sent while we were writing may still be on its way in.
      await Promise.race([watch.done, delay(LATE_REPLY_MS)]);
      if (watch.reply) return { kind: 'reply', reply: watch.reply, sentAll: false, sentBytes };
      if (stalled) {
        return {
          kind: 'failed',
          outcome: failed(
            'stalled',
            `The PBX accepted no data for ${stallMs / 1000} s; the upload is counted as failed.`,
          ),
        };
      }
      return {
        kind: 'failed',
        outcome: failed(
          'network',
          `The connection to the PBX broke while sending: ${(error as Error).message}`,
        ),
      };
    }
    clearInterval(watchdog);
    const hashed = sha256 !== undefined ? { sha256 } : {};
    if (watch.reply) return { kind: 'reply', reply: watch.reply, sentAll, sentBytes, ...hashed };
    const replyMs = target.replyTimeoutMs ?? defaultReplyTimeoutMs(size);
    const timedOut = Symbol('timeout');
    const timer = new AbortController();
    const winner = await Promise.race([
      watch.done,
      delay(replyMs, timedOut, { signal: timer.signal }).catch(() => undefined),
    ]);
    timer.abort();
    if (signal?.aborted) return { kind: 'cancelled' };
    if (watch.reply) return { kind: 'reply', reply: watch.reply, sentAll, sentBytes, ...hashed };
    if (winner === timedOut)
      return { kind: 'failed', outcome: failed('no-reply', noReplyMessage(Math.round(replyMs / 1000))) };
    return {
      kind: 'failed',
      outcome: failed(
        'no-reply',
        'The PBX closed the connection without a reply after the whole file was sent; the upload is counted as failed.',
      ),
    };
  } finally {
    clearInterval(watchdog);
    signal?.removeEventListener('abort', onAbort);
    socket.destroy();
  }
}

class BoundaryInFileError extends Error {}

/** Node's default and TLS's maximum record payload. */
const MAX_RECORD = 16384;
/** OpenSSL refuses a smaller max_send_fragment. */
const MIN_FRAGMENT = 512;
/**
 * Equal-sized records written together (one syscall, one await) up to this many bytes. Only the
 * reads outside steady runs (around the multipart head and tail, across file blocks) are grouped.
 */
const MAX_GROUP_BYTES = 64 * 1024;

/**
 * One TLS record (or, over TCP, one write) per planned server read.
 *
 * Awaiting one write per record costs a syscall and an event-loop turn per 4 KiB. Most of a file
 * is read in equal pieces (`4096 - (boundary length - 1)` bytes), so a run of equal reads is
 * written at once with OpenSSL's max_send_fragment set to exactly that size: OpenSSL then cuts the
 * write into records of exactly one read each. Each write is awaited before the next, so queued
 * writes can never be merged into other record sizes. Over TCP nothing can
 * mark read edges, so every read stays its own awaited write.
 *
 * Through the long middle of a file (the read plan's steady state, see ReadPlan.steadyReads) a run
 * is written straight from the body source's file block, planned with one boundary search for the
 * whole run: no copy and no per-read work. Elsewhere (the multipart head and tail, reads that span
 * two file blocks) reads are planned one by one and copied into a group buffer.
 */
async function sendAligned(
  socket: Socket,
  source: BodySource,
  body: MultipartBody,
  watch: ReplyWatch,
  meter: ProgressMeter,
  pacer: LoopbackPacer | undefined,
  progressed: (fileBytes: number) => void,
  beforeLast: () => Promise<void>,
): Promise<boolean> {
  const tls = 'setMaxSendFragment' in socket;
  const fileStart = body.head.length;
  const fileEnd = fileStart + body.fileSize;
  const plan = new ReadPlan(body.boundary, body.contentLength, (offset) => {
    // The boundary belongs at the start and in the tail only; inside the file Asterisk would cut
    // the part there. With 128 random bits this cannot happen by chance, but we never send it.
    if (offset >= fileStart && offset < fileEnd) {
      throw new BoundaryInFileError(
        'the file contains the multipart boundary; try again (a new boundary is chosen each time)',
      );
    }
  });
  let fragment = MAX_RECORD;
  const ended = (): boolean => watch.reply !== undefined || watch.closed;
  /** Writes `count` planned reads of `record` bytes each as `count` TLS records (one write over TCP). */
  const send = async (data: Buffer, record: number, count: number, last: boolean): Promise<void> => {
    if (tls) {
      // OpenSSL cuts records at its split_send_fragment, which setMaxSendFragment can lower but
      // never raise again: the size only ever goes down. Our body's reads never grow once the
      // equal run starts (the boundary is not in the file), so this holds; if it ever did not,
      // failing here is better than a record the PBX reads short and hangs on.
      if (count > 1 && record < fragment) {
        if (!(socket as TLSSocket).setMaxSendFragment(record))
          throw new Error(`cannot set the TLS record size to ${record}`);
        fragment = record;
      }
      if (record > fragment || (count > 1 && record !== fragment)) {
        throw new Error(
          `internal: a read of ${record} bytes cannot be sent as one TLS record of at most ${fragment}`,
        );
      }
    }
    await writeOnce(socket, data);
    // Over TCP a read that finds only part of a write is short: never get far ahead of the reader
    // (once its receive window fills, writes go out in pieces cut anywhere). Nothing to wait for
    // after the last one.
    if (pacer && !last) await pacer.wrote(data.length, ended);
    else if (!tls && !last) await nextTurn();
    const fileBytes = Math.min(Math.max(source.position - fileStart, 0), body.fileSize);
    progressed(fileBytes);
    meter.update(fileBytes);
  };
  // One reusable buffer for a group of records: a write is awaited before it is filled again, and
  // pieces are copied in at once because the body source recycles its file blocks.
  const groupBuffer = Buffer.allocUnsafe(MAX_GROUP_BYTES);
  let groupRecord = 0;
  let groupCount = 0;
  let groupBytes = 0;
  const flush = async (last = false): Promise<void> => {
    if (groupCount === 0) return;
    const data = groupBuffer.subarray(0, groupBytes);
    const record = groupRecord;
    const count = groupCount;
    groupCount = 0;
    groupBytes = 0;
    await send(data, record, count, last);
  };
  /** Reads of the steady state that can go out as one run from the current file block (0: none). */
  const runLength = async (): Promise<{ size: number; count: number } | undefined> => {
    const steady = tls ? plan.steadyReads() : undefined;
    if (!steady || steady.size < MIN_FRAGMENT || steady.size > fragment) return undefined;
    // File bytes only: the tail holds the boundary (and the last write, which beforeLast guards).
    const fileLeft = fileEnd - source.position;
    if (fileLeft < 2 * steady.size) return undefined;
    const viewable = Math.min(await source.viewableBytes(), fileLeft);
    const count = Math.min(steady.count, Math.floor(viewable / steady.size));
    return count >= 2 ? { size: steady.size, count } : undefined;
  };
  for (;;) {
    const run = await runLength();
    if (run) {
      await flush();
      if (ended()) return false;
      const data = await source.take(run.size * run.count);
      plan.supplySteady(data, run.count);
      if (ended()) return false;
      await send(data, run.size, run.count, false);
      continue;
    }
    const size = plan.nextRead();
    if (size === 0) break;
    const piece = await source.take(size);
    plan.supply(piece);
    if (ended()) return false;
    const joins =
      tls &&
      groupCount > 0 &&
      size === groupRecord &&
      size >= MIN_FRAGMENT &&
      size <= fragment &&
      groupBytes + size <= MAX_GROUP_BYTES;
    if (!joins) await flush();
    if (ended()) return false;
    piece.copy(groupBuffer, groupBytes);
    groupRecord = size;
    groupCount++;
    groupBytes += size;
  }
  await beforeLast();
  if (ended()) return false;
  await flush(true);
  // Every write is done: the file blocks can serve the next upload.
  source.release();
  return true;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function requestHead(url: URL, rawCookie: string | undefined, body: MultipartBody): Buffer {
  const cookie = cookieValue(rawCookie);
  const lines = [
    `POST ${url.pathname} HTTP/1.1`,
    `Host: ${url.host}`,
    'User-Agent: AJAM-Console',
    ...(cookie ? [`Cookie: mansession_id="${cookie}"`] : []),
    `Content-Type: ${body.contentType}`,
    `Content-Length: ${body.contentLength}`,
    'Connection: close',
    '',
    '',
  ];
  const head = Buffer.from(lines.join('\r\n'), 'latin1');
  if (head.length > MAX_HEAD_BYTES)
    throw new Error(`request head of ${head.length} bytes does not fit Asterisk's 2048-byte buffer`);
  return head;
}
