/**
 * Pacing for plain-http uploads to an Asterisk on the same machine.
 *
 * Over TCP, res_http_post's `read()` returns whatever has arrived, and any read that finds less
 * than it asked for kills the upload (see plan.ts). On loopback one write arrives as one segment,
 * so writing each planned read on its own works — until Asterisk falls behind and its receive
 * window fills: the kernel then sends our queued bytes in window-sized pieces cut anywhere, and
 * the first read that catches up with a piece comes back short. Measured on real Asterisk 22.10.1
 * without pacing: 1 MiB 4/7, 10 MiB 1/5, 50 MiB 0/2 (each failure a thread spinning at 100% CPU).
 *
 * Node shows no ACKs and cannot shrink a socket's buffers, but on Linux the PBX's end of a loopback
 * connection is in /proc/net/tcp, whose rx_queue is exactly the bytes Asterisk has not read yet.
 * Keeping that small keeps the window open, so every write still arrives whole. Where the PBX's
 * socket cannot be seen (not Linux, another network namespace), the engine does not guess.
 */
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** Check the PBX's backlog after this many bytes written... */
export const PACE_CHECK_BYTES = 16 * 1024;
/** ...and go on only once it has at most this many unread (the initial window is ~64 KiB). */
export const PACE_MAX_UNREAD = 16 * 1024;
/** Plain-http files up to this size fit the receive window whole, so they need no pacing. */
export const UNPACED_SAFE_BYTES = 64 * 1024;

const TABLES = ['/proc/net/tcp', '/proc/net/tcp6'] as const;

/**
 * Unread bytes (rx_queue) of the socket whose local port is `peerPort` and remote port is
 * `ourPort`, from the text of /proc/net/tcp or tcp6; undefined when no such line exists.
 */
export function unreadByPeer(table: string, ourPort: number, peerPort: number): number | undefined {
  const local = `:${hexPort(peerPort)}`;
  const remote = `:${hexPort(ourPort)}`;
  for (const line of table.split('\n')) {
    // "  sl  local_address rem_address   st tx_queue:rx_queue ..."
    const fields = line.trim().split(/\s+/);
    if (fields[1]?.endsWith(local) && fields[2]?.endsWith(remote)) {
      const rx = fields[4]?.split(':')[1];
      const value = rx === undefined ? NaN : parseInt(rx, 16);
      return Number.isFinite(value) ? value : undefined;
    }
  }
  return undefined;
}

function hexPort(port: number): string {
  return port.toString(16).toUpperCase().padStart(4, '0');
}

export type ReadTable = (path: string) => Promise<string>;

const readProc: ReadTable = (path) => readFile(path, 'latin1');

/** The PBX's unread bytes on this connection, or undefined when its socket is not visible. */
export async function peerUnread(socket: Socket, read: ReadTable = readProc): Promise<number | undefined> {
  const ours = socket.localPort;
  const peer = socket.remotePort;
  if (ours === undefined || peer === undefined) return undefined;
  for (const path of TABLES) {
    let table: string;
    try {
      table = await read(path);
    } catch {
      continue;
    }
    const unread = unreadByPeer(table, ours, peer);
    if (unread !== undefined) return unread;
  }
  return undefined;
}

/** Holds writes back so the PBX never has more than PACE_MAX_UNREAD (+ one check's worth) unread. */
export class LoopbackPacer {
  private sinceCheck = 0;

  constructor(
    private readonly socket: Socket,
    private readonly read: ReadTable = readProc,
  ) {}

  /** Whether the PBX's end of this connection can be observed at all. */
  async observable(): Promise<boolean> {
    return (await peerUnread(this.socket, this.read)) !== undefined;
  }

  /** Call after each write; resolves when the next one may go. `stop` ends the wait early. */
  async wrote(bytes: number, stop: () => boolean): Promise<void> {
    this.sinceCheck += bytes;
    if (this.sinceCheck < PACE_CHECK_BYTES) return;
    this.sinceCheck = 0;
    for (let polls = 0; !stop(); polls++) {
      const unread = await peerUnread(this.socket, this.read);
      // Gone from the table: the connection is closing and the reply watch will say why.
      if (unread === undefined || unread <= PACE_MAX_UNREAD) return;
      // Asterisk usually catches up within microseconds; back off to 1 ms only when it does not.
      await (polls < 4 ? new Promise((resolve) => setImmediate(resolve)) : delay(1));
    }
  }
}

export type PlainHttpPlan =
  | { readonly kind: 'paced' }
  | { readonly kind: 'unpaced' }
  | { readonly kind: 'refused'; readonly reason: 'remote' | 'unobservable' };

/**
 * How a plain-http upload may go. Remote hosts: refused over PLAIN_HTTP_SAFE_BYTES (TCP cuts every
 * write into MTU-sized segments, 0/6 at 1 MiB). Loopback: paced when the PBX's socket is visible,
 * otherwise only files that fit the receive window whole. The override sends anyway, unpaced
 * unless pacing is possible.
 */
export function planPlainHttp(options: {
  readonly loopback: boolean;
  readonly observable: boolean;
  readonly size: number;
  readonly remoteSafeBytes: number;
  readonly override: boolean;
}): PlainHttpPlan {
  const { loopback, observable, size, override } = options;
  if (loopback && observable) return { kind: 'paced' };
  if (override) return { kind: 'unpaced' };
  if (!loopback)
    return size > options.remoteSafeBytes ? { kind: 'refused', reason: 'remote' } : { kind: 'unpaced' };
  return size > UNPACED_SAFE_BYTES ? { kind: 'refused', reason: 'unobservable' } : { kind: 'unpaced' };
}
