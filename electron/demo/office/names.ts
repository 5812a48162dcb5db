/**
 * How the office names what it makes: uniqueids, channel sequence numbers, bridge ids, MixMonitor
 * ids, and the device and dial string a channel's name stands for. Pure: each name depends only
 * on its arguments, which is what keeps a seeded office deterministic.
 */
import { rng } from '../rng';

export const SYSTEM_NAME = 'ajamtest';

/** A channel's Uniqueid: `<systemname>-<epoch seconds>.<sequence>`, as ast_channel_alloc() makes it. */
export function uniqueid(nowMs: number, seq: number): string {
  return `${SYSTEM_NAME}-${Math.floor(nowMs / 1000)}.${seq}`;
}

/** The `-XXXXXXXX` suffix of a channel name: the driver's sequence number in eight hex digits. */
export function seqHex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** A UUID-shaped bridge id that depends only on the seed and the bridge's place in the order of bridges. */
export function bridgeUuid(seed: number, n: number): string {
  const part = (k: number): string =>
    Math.floor(rng(seed * 7919 + n * 31 + k)() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
  const a = part(1) + part(2) + part(3) + part(4);
  return `${a.slice(0, 8)}-${a.slice(8, 12)}-${a.slice(12, 16)}-${a.slice(16, 20)}-${a.slice(20, 32)}`;
}

/** MixMonitor's id, the `%p` of its datastore: a 64-bit heap pointer as glibc prints it, 12 hex digits. */
export function mixMonitorId(n: number): string {
  return `0x7f79a0${(0x00cec0 + n * 0x140).toString(16).padStart(6, '0')}`;
}

/** The dial string that calls the parker back: its channel name without the `-<seq>` (and Local `;n`). */
export function parkerDialString(channelName: string): string {
  return channelName.replace(/-[0-9a-f]{8}(;[12])?$/, '');
}

/** The Local device a Local channel belongs to: `Local/<exten>@<context>`, without `-<seq>;n`. */
export function localDevice(channelName: string): string {
  return channelName.replace(/-[0-9a-f]{8};[12]$/, '');
}
