/**
 * The switchboard's state and the events that change it. Pure: no I/O, time passed in, so it is
 * tested straight from the captures' events.
 *
 * The state keeps what Asterisk said, per source (hints, device states, presence providers,
 * AstDB, mailboxes, parking); the renderer's Extension is derived from it (./view) together with
 * the live board's calls. Each change records which extensions, lots and spaces it touched, so
 * the live switchboard patches only those.
 */
import { eventName, get, type AmiMessage } from '../../../shared/ami';
import {
  extensionId,
  parkedKey,
  type ParkedCall,
  type ParkingLot,
  type Presence,
  type Voicemail,
} from '../../../shared/switchboard';
import { unescapeName } from '../../state/fields';
import { dndLampExten, isFeatureCode, isPhoneDevice, mailboxNumber, parseHint } from './hints';

export interface HintEntry {
  readonly exten: string;
  readonly context: string;
  readonly hint: string;
  readonly devices: readonly string[];
  readonly presence?: string;
  readonly status: number;
  readonly statusText: string;
}

/** A PJSIP endpoint (PJSIPShowEndpoints), keyed by its name, which is its extension in FreePBX. */
export interface EndpointEntry {
  readonly name: string;
  readonly device: string;
  /** Caller ID name from the endpoint's configuration, when known. */
  readonly callerIdName?: string;
}

export interface Touched {
  readonly extensions: Set<string>;
  readonly lots: Set<string>;
  readonly parked: Set<string>;
}

export class SwitchboardState {
  /** Keyed by `exten@context`; feature-code hints (`*76101`) are left out. */
  readonly hints = new Map<string, HintEntry>();
  readonly endpoints = new Map<string, EndpointEntry>();
  /** Lower-cased device -> DeviceStateChange State. */
  readonly deviceStates = new Map<string, string>();
  /** Lower-cased presence provider (`custompresence:101`) -> its state. */
  readonly presence = new Map<string, Presence>();
  /** Exten -> DND, from AstDB `DND/<exten>` and then the `Custom:DND<exten>` lamp's changes. */
  readonly dnd = new Map<string, boolean>();
  /** Exten -> AstDB `CF/<exten>`. */
  readonly forward = new Map<string, string>();
  /** Mailbox number -> counts. */
  readonly mailboxes = new Map<string, Voicemail>();
  /** Exten -> a name read from the caller ID its phone's calls carried (when nothing configures one). */
  readonly learnedNames = new Map<string, string>();
  /** Voicemail's full name per mailbox number (VoicemailUsersList), a name when the endpoint has none. */
  readonly mailboxNames = new Map<string, string>();
  /** Parking space -> the dialplan context that retrieves it, from `park:<space>@<context>` device states (23b). */
  readonly parkContexts = new Map<string, string>();
  readonly lots = new Map<string, ParkingLot>();
  readonly parked = new Map<string, ParkedCall>();

  // Indexes: which extension ids a device, a presence provider or an exten concerns.
  readonly #byDevice = new Map<string, Set<string>>();
  readonly #byPresence = new Map<string, Set<string>>();
  readonly #byExten = new Map<string, Set<string>>();
  /** Lower-cased device -> the endpoint on it. */
  readonly #endpointOn = new Map<string, string>();

  touched: Touched = emptyTouched();

  /** What changed since the last call, and a fresh record from now on. */
  takeTouched(): Touched {
    const out = this.touched;
    this.touched = emptyTouched();
    return out;
  }

  /** The ids of every extension the grid shows: hints, then endpoints no hint names. */
  extensionIds(): string[] {
    const ids = [...this.hints.keys()];
    for (const endpoint of this.endpoints.values()) {
      if (!this.#byDevice.get(endpoint.device.toLowerCase())?.size) ids.push(extensionId(endpoint.name, ''));
    }
    return ids;
  }

  /** Whether the grid shows this id (see extensionIds). */
  hasExtension(id: string): boolean {
    if (this.hints.has(id)) return true;
    if (!id.endsWith('@')) return false;
    const endpoint = this.endpoints.get(id.slice(0, -1));
    return endpoint !== undefined && !this.#byDevice.get(endpoint.device.toLowerCase())?.size;
  }

  idsForDevice(device: string): readonly string[] {
    const lower = device.toLowerCase();
    const hints = this.#byDevice.get(lower);
    if (hints?.size) return [...hints];
    const endpoint = this.#endpointOn.get(lower);
    return endpoint === undefined ? [] : [extensionId(endpoint, '')];
  }

  idsForExten(exten: string): readonly string[] {
    const ids = [...(this.#byExten.get(exten) ?? [])];
    const endpoint = this.endpoints.get(exten);
    if (endpoint && !this.#byDevice.get(endpoint.device.toLowerCase())?.size) {
      ids.push(extensionId(exten, ''));
    }
    return ids;
  }

  putHint(entry: HintEntry): void {
    const id = extensionId(entry.exten, entry.context);
    const before = this.hints.get(id);
    if (before) this.#unindexHint(id, before);
    this.hints.set(id, entry);
    for (const device of entry.devices) addTo(this.#byDevice, device.toLowerCase(), id);
    if (entry.presence) addTo(this.#byPresence, entry.presence.toLowerCase(), id);
    addTo(this.#byExten, entry.exten, id);
    this.touched.extensions.add(id);
    // An endpoint that had a button of its own now shows on the hint's.
    for (const device of entry.devices) {
      const endpoint = this.#endpointOn.get(device.toLowerCase());
      if (endpoint !== undefined) this.touched.extensions.add(extensionId(endpoint, ''));
    }
  }

  #unindexHint(id: string, entry: HintEntry): void {
    for (const device of entry.devices) removeFrom(this.#byDevice, device.toLowerCase(), id);
    if (entry.presence) removeFrom(this.#byPresence, entry.presence.toLowerCase(), id);
    removeFrom(this.#byExten, entry.exten, id);
  }

  putEndpoint(entry: EndpointEntry): void {
    this.endpoints.set(entry.name, entry);
    this.#endpointOn.set(entry.device.toLowerCase(), entry.name);
    for (const id of this.idsForExten(entry.name)) this.touched.extensions.add(id);
    for (const id of this.idsForDevice(entry.device)) this.touched.extensions.add(id);
  }

  setDnd(exten: string, on: boolean): void {
    if (this.dnd.get(exten) === on) return;
    this.dnd.set(exten, on);
    this.#touchExten(exten);
  }

  setForward(exten: string, number: string | null): void {
    if ((this.forward.get(exten) ?? null) === number) return;
    if (number === null) this.forward.delete(exten);
    else this.forward.set(exten, number);
    this.#touchExten(exten);
  }

  setMailbox(counts: Voicemail): void {
    const number = mailboxNumber(counts.mailbox);
    this.mailboxes.set(number, counts);
    this.#touchExten(number);
  }

  setPresence(provider: string, presence: Presence): void {
    const key = provider.toLowerCase();
    this.presence.set(key, presence);
    for (const id of this.#byPresence.get(key) ?? []) this.touched.extensions.add(id);
  }

  setDeviceState(device: string, state: string): void {
    this.deviceStates.set(device.toLowerCase(), state);
    const park = /^park:([^@]+)@(.+)$/i.exec(device);
    if (park) this.parkContexts.set(park[1] as string, park[2] as string);
    const lamp = dndLampExten(device);
    if (lamp !== undefined) this.setDnd(lamp, state.toUpperCase() === 'BUSY');
    if (isPhoneDevice(device)) for (const id of this.idsForDevice(device)) this.touched.extensions.add(id);
  }

  learnName(exten: string, name: string): void {
    if (name === '' || this.learnedNames.get(exten) === name) return;
    this.learnedNames.set(exten, name);
    this.#touchExten(exten);
  }

  putLot(lot: ParkingLot): void {
    this.lots.set(lot.name, lot);
    this.touched.lots.add(lot.name);
  }

  putParked(call: ParkedCall): void {
    const key = parkedKey(call.lot, call.space);
    this.parked.set(key, call);
    this.touched.parked.add(key);
  }

  removeParked(lot: string, space: string): void {
    const key = parkedKey(lot, space);
    if (this.parked.delete(key)) this.touched.parked.add(key);
  }

  /** Everything the grid shows changed (a fresh snapshot). */
  touchAll(): void {
    for (const id of this.extensionIds()) this.touched.extensions.add(id);
    for (const name of this.lots.keys()) this.touched.lots.add(name);
    for (const key of this.parked.keys()) this.touched.parked.add(key);
  }

  #touchExten(exten: string): void {
    for (const id of this.idsForExten(exten)) this.touched.extensions.add(id);
  }
}

function emptyTouched(): Touched {
  return { extensions: new Set(), lots: new Set(), parked: new Set() };
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(id);
}

function removeFrom(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) index.delete(key);
}

// ---------------------------------------------------------------------------------------------
// Reading one message (an event or a list item) into the state
// ---------------------------------------------------------------------------------------------

function int(value: string | undefined, fallback = 0): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) ? n : fallback;
}

/** A caller ID field as the phone shows it (`<unknown>` is nothing). */
function cid(value: string | undefined): string {
  if (value === undefined || value === '<unknown>') return '';
  return unescapeName(value);
}

/** ExtensionStatus (event or ExtensionStateList item): a hint's state. */
export function readHint(message: AmiMessage): HintEntry | undefined {
  const exten = get(message, 'Exten');
  const context = get(message, 'Context');
  if (!exten || context === undefined || isFeatureCode(exten)) return undefined;
  const hint = get(message, 'Hint') ?? '';
  const parsed = parseHint(hint);
  return {
    exten,
    context,
    hint,
    devices: parsed.devices,
    ...(parsed.presence ? { presence: parsed.presence } : {}),
    status: int(get(message, 'Status'), -1),
    statusText: get(message, 'StatusText') ?? '',
  };
}

/** A ParkedCall event or ParkedCalls item: the parked call, timed from `now`. */
export function readParked(message: AmiMessage, now: number): ParkedCall | undefined {
  const space = get(message, 'ParkingSpace');
  const lot = get(message, 'Parkinglot');
  const channel = get(message, 'ParkeeChannel');
  if (!space || !lot || !channel) return undefined;
  const left = int(get(message, 'ParkingTimeout'));
  const duration = int(get(message, 'ParkingDuration'));
  return {
    space,
    lot,
    channel,
    uniqueid: get(message, 'ParkeeUniqueid') ?? '',
    callerIdNum: cid(get(message, 'ParkeeCallerIDNum')),
    callerIdName: cid(get(message, 'ParkeeCallerIDName')),
    parkedBy: get(message, 'ParkerDialString') ?? '',
    parkedAt: now - duration * 1000,
    timeout: left + duration,
  };
}

export function readLot(message: AmiMessage): ParkingLot | undefined {
  const name = get(message, 'Name');
  if (!name) return undefined;
  return {
    name,
    startSpace: get(message, 'StartSpace') ?? '',
    stopSpace: get(message, 'StopSpace') ?? '',
    timeout: int(get(message, 'Timeout')),
  };
}

export function readPresence(message: AmiMessage): Presence {
  return {
    state: get(message, 'Status') ?? '',
    subtype: get(message, 'Subtype') ?? '',
    message: get(message, 'Message') ?? '',
  };
}

/** MessageWaiting (New counts urgent too) or a MailboxCount answer (New, Old and Urg apart). */
export function readMailbox(message: AmiMessage): Voicemail | undefined {
  const mailbox = get(message, 'Mailbox');
  if (!mailbox) return undefined;
  if (get(message, 'NewMessages') !== undefined) {
    const urgent = int(get(message, 'UrgMessages'));
    // MessageWaiting's New is INBOX + Urgent (capture 22b): MailboxCount's read the same way.
    return {
      mailbox,
      new: int(get(message, 'NewMessages')) + urgent,
      old: int(get(message, 'OldMessages')),
      urgent,
    };
  }
  return { mailbox, new: int(get(message, 'New')), old: int(get(message, 'Old')) };
}

/**
 * Applies one real-time event. Unknown events do nothing. Which extensions, lots and spaces it
 * touched accumulates in `state.touched`.
 */
export function applySwitchboardEvent(state: SwitchboardState, event: AmiMessage, now: number): void {
  switch (eventName(event)) {
    case 'ExtensionStatus': {
      const hint = readHint(event);
      if (hint) state.putHint(hint);
      return;
    }
    case 'DeviceStateChange': {
      const device = get(event, 'Device');
      const value = get(event, 'State');
      if (device && value) state.setDeviceState(device, value);
      return;
    }
    case 'PresenceStateChange': {
      const provider = get(event, 'Presentity');
      if (provider) state.setPresence(provider, readPresence(event));
      return;
    }
    case 'PresenceStatus': {
      // Per hint naming the provider; the hint says which provider it is.
      const hint = get(event, 'Hint');
      const provider = hint === undefined ? undefined : parseHint(hint).presence;
      if (provider) state.setPresence(provider, readPresence(event));
      return;
    }
    case 'MessageWaiting': {
      const counts = readMailbox(event);
      if (counts) state.setMailbox(counts);
      return;
    }
    case 'ParkedCall':
    case 'ParkedCallSwap': {
      const call = readParked(event, now);
      if (!call) return;
      // A swap keeps the call's time in the lot; only the channel in the space changed.
      const before = state.parked.get(parkedKey(call.lot, call.space));
      state.putParked(
        eventName(event) === 'ParkedCallSwap' && before
          ? { ...call, parkedAt: before.parkedAt, timeout: before.timeout }
          : call,
      );
      return;
    }
    case 'UnParkedCall':
    case 'ParkedCallTimeOut':
    case 'ParkedCallGiveUp': {
      const lot = get(event, 'Parkinglot');
      const space = get(event, 'ParkingSpace');
      if (lot && space) state.removeParked(lot, space);
      return;
    }
    default:
      return;
  }
}
