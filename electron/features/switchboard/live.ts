/**
 * The live switchboard the console service holds: events go into the reducer as they arrive, the
 * live board's updates say who each extension talks to, a resync loads a fresh state, and
 * subscribers (windows) get a snapshot and then patches of what changed, at most one per interval.
 * An event costs what it touches: only the extensions, lots and spaces it names are rebuilt.
 */
import type { AmiMessage } from '../../../shared/ami';
import type { BoardUpdate } from '../../../shared/model';
import {
  EMPTY_SWITCHBOARD,
  type Extension,
  type ExtensionCall,
  type PanelLimit,
  type ParkedCall,
  type ParkingLot,
  type SwitchboardPanel,
  type SwitchboardPatch,
  type SwitchboardSnapshot,
} from '../../../shared/switchboard';
import { systemClock, type BatchClock } from '../../state/patches';
import { BoardCalls } from './calls';
import { deviceOfChannel } from './hints';
import { applySwitchboardEvent, SwitchboardState, type Touched } from './reducer';
import { devicesOf, extensionView } from './view';

export type SwitchboardUpdate =
  | { readonly kind: 'snapshot'; readonly board: SwitchboardSnapshot }
  | { readonly kind: 'patch'; readonly patch: SwitchboardPatch };

export type Limits = Readonly<Partial<Record<SwitchboardPanel, PanelLimit>>>;

export interface LiveSwitchboardOptions {
  readonly clock?: BatchClock;
  /** At most one patch per this many ms (default 50). */
  readonly intervalMs?: number;
}

export class LiveSwitchboard {
  #state = new SwitchboardState();
  readonly #calls = new BoardCalls();
  #limits: Limits = {};
  readonly #clock: BatchClock;
  readonly #intervalMs: number;
  readonly #subscribers = new Set<(update: SwitchboardUpdate) => void>();
  /** What changed since the last patch. */
  #pending: Touched = { extensions: new Set(), lots: new Set(), parked: new Set() };
  #limitsChanged = false;
  #timer: unknown;
  #timerSet = false;
  /**
   * What the windows have been sent, entry by entry (maps updated in place as patches go out: a
   * copy of 1,000 extensions per patch would cost more than the patch). The snapshot object is
   * built from them only when one is asked for.
   */
  readonly #shown = {
    extensions: new Map<string, Extension>(),
    lots: new Map<string, ParkingLot>(),
    parked: new Map<string, ParkedCall>(),
  };
  #shownSnapshot: SwitchboardSnapshot | undefined = EMPTY_SWITCHBOARD;

  constructor(options: LiveSwitchboardOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#intervalMs = options.intervalMs ?? 50;
  }

  get state(): SwitchboardState {
    return this.#state;
  }

  get calls(): BoardCalls {
    return this.#calls;
  }

  /** An AMI event as it arrives. */
  push(event: AmiMessage): void {
    applySwitchboardEvent(this.#state, event, this.#clock.now());
    this.#collect();
  }

  /** A fresh state from the lists (connect, reconnect): every window gets a new snapshot. */
  load(state: SwitchboardState, limits: Limits): void {
    this.#state = state;
    this.#limits = limits;
    state.takeTouched();
    this.#learnAll();
    state.takeTouched();
    this.#pending = { extensions: new Set(), lots: new Set(), parked: new Set() };
    this.#limitsChanged = false;
    this.#build();
    const board = this.#snapshotNow();
    for (const send of this.#subscribers) send({ kind: 'snapshot', board });
  }

  /** Changes made to the state outside events (names fetched later, our own AstDB writes). */
  changed(): void {
    this.#collect();
  }

  setLimits(limits: Limits): void {
    if (JSON.stringify(limits) === JSON.stringify(this.#limits)) return;
    this.#limits = limits;
    this.#limitsChanged = true;
    this.#schedule();
  }

  /** The live board's snapshot or patch: the calls each extension's button shows. */
  board(update: BoardUpdate): void {
    const devices =
      update.kind === 'snapshot' ? this.#calls.load(update.board) : this.#calls.patch(update.patch);
    for (const device of devices) {
      for (const id of this.#state.idsForDevice(device)) this.#pending.extensions.add(id);
    }
    if (update.kind === 'patch') {
      for (const channel of Object.values(update.patch.channels ?? {})) {
        if (channel) this.#learn(channel.channel, channel.callerIdNum, channel.callerIdName);
      }
    } else {
      this.#learnAll();
    }
    this.#collect();
  }

  /**
   * A phone's own calls carry its caller ID: where nothing names the extension, that name is
   * shown. Only a channel whose caller number is the extension's own speaks for it.
   */
  #learn(channel: string, num: string, name: string): void {
    if (name === '' || name === '<unknown>') return;
    for (const id of this.#state.idsForDevice(deviceOfChannel(channel))) {
      const exten = id.slice(0, id.lastIndexOf('@'));
      if (exten === num) this.#state.learnName(exten, name);
    }
  }

  #learnAll(): void {
    for (const channel of this.#calls.channels()) {
      this.#learn(channel.channel, channel.callerIdNum, channel.callerIdName);
    }
  }

  #collect(): void {
    const touched = this.#state.takeTouched();
    if (touched.extensions.size + touched.lots.size + touched.parked.size === 0) {
      if (this.#pending.extensions.size > 0) this.#schedule();
      return;
    }
    for (const id of touched.extensions) this.#pending.extensions.add(id);
    for (const id of touched.lots) this.#pending.lots.add(id);
    for (const id of touched.parked) this.#pending.parked.add(id);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timerSet) return;
    this.#timerSet = true;
    this.#timer = this.#clock.setTimer(() => {
      this.#timerSet = false;
      this.flush();
    }, this.#intervalMs);
  }

  /** Sends what changed now. */
  flush(): void {
    if (this.#timerSet) {
      this.#clock.clearTimer(this.#timer);
      this.#timerSet = false;
    }
    const patch = this.#patch();
    if (!patch) return;
    for (const send of this.#subscribers) send({ kind: 'patch', patch });
  }

  #patch(): SwitchboardPatch | undefined {
    const pending = this.#pending;
    this.#pending = { extensions: new Set(), lots: new Set(), parked: new Set() };
    const shown = this.#shown;
    const extensions: Record<string, Extension | null> = {};
    const lots: Record<string, ParkingLot | null> = {};
    const parked: Record<string, ParkedCall | null> = {};
    let any = false;
    for (const id of pending.extensions) {
      const view = this.#view(id);
      const before = shown.extensions.get(id);
      if (view === undefined && before === undefined) continue;
      if (view !== undefined && before !== undefined && sameExtension(view, before)) continue;
      extensions[id] = view ?? null;
      if (view) shown.extensions.set(id, view);
      else shown.extensions.delete(id);
      any = true;
    }
    for (const name of pending.lots) {
      const lot = this.#state.lots.get(name);
      lots[name] = lot ?? null;
      if (lot) shown.lots.set(name, lot);
      else shown.lots.delete(name);
      any = true;
    }
    for (const key of pending.parked) {
      const call = this.#state.parked.get(key);
      if (!call && !shown.parked.has(key)) continue;
      parked[key] = call ?? null;
      if (call) shown.parked.set(key, call);
      else shown.parked.delete(key);
      any = true;
    }
    const limitsChanged = this.#limitsChanged;
    this.#limitsChanged = false;
    if (!any && !limitsChanged) return undefined;
    this.#shownSnapshot = undefined;
    return {
      ...(Object.keys(extensions).length ? { extensions } : {}),
      ...(Object.keys(lots).length ? { lots } : {}),
      ...(Object.keys(parked).length ? { parked } : {}),
      ...(limitsChanged ? { limits: this.#limits } : {}),
    };
  }

  #view(id: string): Extension | undefined {
    if (!this.#state.hasExtension(id)) return undefined;
    return extensionView(this.#state, id, this.#calls.callsFor(devicesOf(this.#state, id)));
  }

  /** Every entry anew (a fresh state). */
  #build(): void {
    const shown = this.#shown;
    shown.extensions.clear();
    for (const id of this.#state.extensionIds()) {
      const view = extensionView(this.#state, id, this.#calls.callsFor(devicesOf(this.#state, id)));
      if (view) shown.extensions.set(id, view);
    }
    shown.lots = new Map(this.#state.lots);
    shown.parked = new Map(this.#state.parked);
    this.#shownSnapshot = undefined;
  }

  #snapshotNow(): SwitchboardSnapshot {
    this.#shownSnapshot ??= {
      extensions: Object.fromEntries(this.#shown.extensions),
      lots: Object.fromEntries(this.#shown.lots),
      parked: Object.fromEntries(this.#shown.parked),
      limits: this.#limits,
    };
    return this.#shownSnapshot;
  }

  /** The switchboard now, with everything pushed so far applied. */
  snapshot(): SwitchboardSnapshot {
    this.flush();
    return this.#snapshotNow();
  }

  /** A window subscribes: a snapshot now, then patches. */
  subscribe(send: (update: SwitchboardUpdate) => void): () => void {
    this.flush();
    this.#subscribers.add(send);
    send({ kind: 'snapshot', board: this.#snapshotNow() });
    return () => this.#subscribers.delete(send);
  }

  /** Disconnected: nothing to show. */
  clear(): void {
    this.load(new SwitchboardState(), {});
  }

  close(): void {
    if (this.#timerSet) this.#clock.clearTimer(this.#timer);
    this.#timerSet = false;
    this.#subscribers.clear();
  }
}

/** Whether two views of an extension show the same (cheaper than serialising both). */
function sameExtension(a: Extension, b: Extension): boolean {
  return (
    a.state === b.state &&
    a.statusText === b.statusText &&
    a.name === b.name &&
    a.dnd === b.dnd &&
    a.forward === b.forward &&
    a.hint === b.hint &&
    a.since === b.since &&
    a.devices.join('&') === b.devices.join('&') &&
    samePresence(a.presence, b.presence) &&
    a.voicemail?.new === b.voicemail?.new &&
    a.voicemail?.old === b.voicemail?.old &&
    a.voicemail?.mailbox === b.voicemail?.mailbox &&
    a.calls.length === b.calls.length &&
    a.calls.every((call, i) => sameCall(call, b.calls[i]))
  );
}

function samePresence(a: Extension['presence'], b: Extension['presence']): boolean {
  if (a === null || b === null) return a === b;
  return a.state === b.state && a.subtype === b.subtype && a.message === b.message;
}

function sameCall(a: ExtensionCall, b: ExtensionCall | undefined): boolean {
  return (
    b !== undefined &&
    a.channel === b.channel &&
    a.uniqueid === b.uniqueid &&
    a.state === b.state &&
    a.onHold === b.onHold &&
    a.since === b.since &&
    a.talkingTo?.num === b.talkingTo?.num &&
    a.talkingTo?.name === b.talkingTo?.name &&
    a.talkingTo?.channel === b.talkingTo?.channel
  );
}
