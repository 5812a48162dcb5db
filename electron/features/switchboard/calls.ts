/**
 * The live board's channels seen from the switchboard: which device each channel is on, so an
 * extension's button can say who it talks to and since when, and a pickup can find what rings.
 * Fed the board's snapshots and patches; pure apart from the index it keeps.
 */
import type { BoardPatch, BoardSnapshot, Bridge, Channel } from '../../../shared/model';
import type { ExtensionCall, TalkingTo } from '../../../shared/switchboard';
import { deviceOfChannel } from './hints';

function known(text: string): string {
  return text === '<unknown>' ? '' : text;
}

export class BoardCalls {
  // The board's channels and bridges, kept up to date from patches in place (a patch names a few
  // entries; copying 2,000 channels per patch would cost more than the rest of the switchboard).
  readonly #channels = new Map<string, Channel>();
  readonly #bridges = new Map<string, Bridge>();
  readonly #byDevice = new Map<string, Set<string>>();
  readonly #deviceOf = new Map<string, string>();

  /** The board's channels (what the live switchboard learns names from). */
  channels(): IterableIterator<Channel> {
    return this.#channels.values();
  }

  /** A whole board; returns the (lower-cased) devices whose calls may have changed. */
  load(board: BoardSnapshot): Set<string> {
    const touched = new Set<string>(this.#byDevice.keys());
    this.#byDevice.clear();
    this.#deviceOf.clear();
    this.#channels.clear();
    this.#bridges.clear();
    for (const bridge of Object.values(board.bridges)) this.#bridges.set(bridge.bridgeId, bridge);
    for (const channel of Object.values(board.channels)) {
      this.#channels.set(channel.uniqueid, channel);
      touched.add(this.#index(channel));
    }
    return touched;
  }

  /** A board patch; returns the devices whose calls may have changed. */
  patch(patch: BoardPatch): Set<string> {
    const touched = new Set<string>();
    const touchBridge = (bridgeId: string | null | undefined): void => {
      if (!bridgeId) return;
      for (const member of this.#bridges.get(bridgeId)?.channels ?? []) {
        const device = this.#deviceOf.get(member);
        if (device) touched.add(device);
      }
    };
    // Members before and after: a bridge's old members and new ones both change who they talk to.
    for (const id of Object.keys(patch.bridges ?? {})) touchBridge(id);
    for (const id of Object.keys(patch.channels ?? {})) touchBridge(this.#channels.get(id)?.bridgeId);
    for (const [id, bridge] of Object.entries(patch.bridges ?? {})) {
      if (id === '__proto__') continue;
      if (bridge) this.#bridges.set(id, bridge);
      else this.#bridges.delete(id);
    }
    for (const [id, channel] of Object.entries(patch.channels ?? {})) {
      if (id === '__proto__') continue;
      const old = this.#deviceOf.get(id);
      if (old !== undefined) {
        touched.add(old);
        this.#byDevice.get(old)?.delete(id);
        this.#deviceOf.delete(id);
      }
      if (channel) {
        this.#channels.set(id, channel);
        touched.add(this.#index(channel));
      } else {
        this.#channels.delete(id);
      }
    }
    for (const id of Object.keys(patch.bridges ?? {})) touchBridge(id);
    // The peer's button shows this channel's caller ID: its bridge's members are touched too.
    for (const channel of Object.values(patch.channels ?? {})) touchBridge(channel?.bridgeId);
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
        const channel = this.#channels.get(id);
        if (channel) out.push(channel);
      }
    }
    return out;
  }

  /** The other channel of a two-party bridge, when there is exactly one. */
  peerOf(channel: Channel): Channel | undefined {
    if (!channel.bridgeId) return undefined;
    const others = (this.#bridges.get(channel.bridgeId)?.channels ?? []).filter(
      (id) => id !== channel.uniqueid,
    );
    return others.length === 1 ? this.#channels.get(others[0] as string) : undefined;
  }

  byName(name: string): Channel | undefined {
    for (const channel of this.#channels.values()) if (channel.channel === name) return channel;
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
