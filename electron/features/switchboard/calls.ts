/**
 * The live board's channels seen from the switchboard: which device each channel is on, so an
 * extension's button can say who it talks to and since when, and a pickup can find what rings.
 * Fed the board's snapshots and patches; pure apart from the index it keeps.
 */
import type { BoardPatch, BoardSnapshot, Channel } from '../../../shared/model';
import { applyPatch, EMPTY_BOARD } from '../../../shared/model';
import type { ExtensionCall, TalkingTo } from '../../../shared/switchboard';
import { deviceOfChannel } from './hints';

function known(text: string): string {
  return text === '<unknown>' ? '' : text;
}

export class BoardCalls {
  #board: BoardSnapshot = EMPTY_BOARD;
  readonly #byDevice = new Map<string, Set<string>>();
  readonly #deviceOf = new Map<string, string>();

  get board(): BoardSnapshot {
    return this.#board;
  }

  /** A whole board; returns the (lower-cased) devices whose calls may have changed. */
  load(board: BoardSnapshot): Set<string> {
    const touched = new Set<string>(this.#byDevice.keys());
    this.#byDevice.clear();
    this.#deviceOf.clear();
    this.#board = board;
    for (const channel of Object.values(board.channels)) touched.add(this.#index(channel));
    return touched;
  }

  /** A board patch; returns the devices whose calls may have changed. */
  patch(patch: BoardPatch): Set<string> {
    const before = this.#board;
    this.#board = applyPatch(before, patch);
    const touched = new Set<string>();
    const touchBridge = (bridgeId: string | null | undefined): void => {
      if (!bridgeId) return;
      for (const board of [before, this.#board]) {
        for (const member of board.bridges[bridgeId]?.channels ?? []) {
          const device = this.#deviceOf.get(member);
          if (device) touched.add(device);
        }
      }
    };
    for (const [id, channel] of Object.entries(patch.channels ?? {})) {
      const old = this.#deviceOf.get(id);
      if (old !== undefined) {
        touched.add(old);
        this.#byDevice.get(old)?.delete(id);
        this.#deviceOf.delete(id);
      }
      touchBridge(before.channels[id]?.bridgeId);
      if (channel) {
        touched.add(this.#index(channel));
        // The peer's button shows this channel's caller ID: its bridge's members are touched too.
        touchBridge(channel.bridgeId);
      }
    }
    for (const id of Object.keys(patch.bridges ?? {})) touchBridge(id);
    return touched;
  }

  #index(channel: Channel): string {
    const device = deviceOfChannel(channel.channel).toLowerCase();
    let set = this.#byDevice.get(device);
    if (!set) this.#byDevice.set(device, (set = new Set()));
    set.add(channel.uniqueid);
    this.#deviceOf.set(channel.uniqueid, device);
    return device;
  }

  channelsOn(devices: readonly string[]): Channel[] {
    const out: Channel[] = [];
    for (const device of devices) {
      for (const id of this.#byDevice.get(device.toLowerCase()) ?? []) {
        const channel = this.#board.channels[id];
        if (channel) out.push(channel);
      }
    }
    return out;
  }

  /** The other channel of a two-party bridge, when there is exactly one. */
  peerOf(channel: Channel): Channel | undefined {
    if (!channel.bridgeId) return undefined;
    const others = (this.#board.bridges[channel.bridgeId]?.channels ?? []).filter(
      (id) => id !== channel.uniqueid,
    );
    return others.length === 1 ? this.#board.channels[others[0] as string] : undefined;
  }

  byName(name: string): Channel | undefined {
    for (const channel of Object.values(this.#board.channels)) if (channel.channel === name) return channel;
    return undefined;
  }

  /** The extension's calls, the longest first (the one its button shows). */
  callsFor(devices: readonly string[]): ExtensionCall[] {
    const channels = this.channelsOn(devices);
    const ids = new Set(channels.map((c) => c.uniqueid));
    // A Local channel's two halves are one call: the `;1` half (the one bridged to the caller) stands for it.
    const calls = channels
      .filter((c) => !(c.channel.endsWith(';2') && c.localPeer !== undefined && ids.has(c.localPeer)))
      .map((channel) => this.#call(channel));
    return calls.sort((a, b) => a.since - b.since || a.channel.localeCompare(b.channel));
  }

  #call(channel: Channel): ExtensionCall {
    const peer = this.peerOf(channel);
    const num = known(channel.connectedLineNum) || (peer ? known(peer.callerIdNum) : '');
    const name = known(channel.connectedLineName) || (peer ? known(peer.callerIdName) : '');
    const talkingTo: TalkingTo | undefined =
      num || name || peer ? { num, name, ...(peer ? { channel: peer.channel } : {}) } : undefined;
    return {
      channel: channel.channel,
      uniqueid: channel.uniqueid,
      state: channel.state,
      onHold: channel.onHold,
      ...(talkingTo ? { talkingTo } : {}),
      since: channel.answeredAt ?? channel.startedAt,
    };
  }

  /** A channel ringing on one of the devices (the extension's phone ringing): what a pickup takes. */
  ringing(devices: readonly string[]): Channel | undefined {
    return this.channelsOn(devices).find((c) => c.state === 'Ringing');
  }
}
