/**
 * What the manager user may do, feature by feature. Pure.
 *
 * Asterisk runs an action when the user's manager.conf `write` shares one class with the action's
 * registration (manager.c: `writeperm & authority`), and ListCommands (which needs no class) lists
 * exactly the actions that test lets through. So one ListCommands at connect tells which features
 * will work, without sending an action that the PBX would log as a RequestNotAllowed security event.
 * `read` cannot be asked for: it is learned from the events (see ReadCheck).
 */
import type { AmiMessage } from '../../shared/ami';
import type { ConsoleFeature, FeatureLimit } from '../../shared/ipc';

/** Each feature's actions, as registered in Asterisk 22 (write classes; any one of them is enough). */
const FEATURE_ACTIONS: Readonly<Record<Exclude<ConsoleFeature, 'live' | 'uploads'>, readonly string[]>> = {
  // The board needs one of them: CoreShowChannels (system, reporting) or Status (system, call, reporting).
  channels: ['CoreShowChannels', 'Status'],
  endpoints: ['PJSIPShowEndpoints'],
  hints: ['ExtensionStateList'],
  parked: ['ParkedCalls'],
  hangup: ['Hangup'],
  transfer: ['Redirect'],
  atxfer: ['Atxfer'],
  park: ['Park'],
  // Starting needs system; stopping (system or call) then works too.
  record: ['MixMonitor'],
  spy: ['Originate'],
  dial: ['Originate'],
  // app_queue: pause, add, remove, penalty (the list, QueueStatus, needs no class).
  'queue-control': ['QueuePause'],
  // app_confbridge: the rooms (reporting), mute/kick/lock (call), recording (system).
  conferences: ['ConfbridgeListRooms'],
  'conference-control': ['ConfbridgeMute'],
  'conference-record': ['ConfbridgeStartRecord'],
  // A room's extension found in the dialplan (pbx.c registers ShowDialPlan as config, reporting).
  'room-dialplan': ['ShowDialPlan'],
  // The switchboard: presence and voicemail counts on the buttons, DND and forward read from and
  // written to AstDB (FreePBX's DND/ and CF/ families).
  presence: ['PresenceStateList'],
  voicemail: ['VoicemailUsersList'],
  astdb: ['DBGetTree'],
  dnd: ['DBPut'],
};

/** The write classes of the actions above (main/manager.c, res_pjsip, res_parking, app_mixmonitor). */
export const ACTION_CLASSES: Readonly<Record<string, readonly string[]>> = {
  CoreShowChannels: ['system', 'reporting'],
  Status: ['system', 'call', 'reporting'],
  PJSIPShowEndpoints: ['system'],
  ExtensionStateList: ['call', 'reporting'],
  PresenceStateList: ['call', 'reporting'],
  VoicemailUsersList: ['call', 'reporting'],
  DBGetTree: ['system', 'reporting'],
  DBPut: ['system'],
  ParkedCalls: ['call'],
  Hangup: ['system', 'call'],
  Redirect: ['call'],
  Atxfer: ['call'],
  Park: ['call'],
  MixMonitor: ['system'],
  StopMixMonitor: ['system', 'call'],
  Originate: ['originate'],
  QueuePause: ['agent'],
  ConfbridgeListRooms: ['reporting'],
  ConfbridgeMute: ['call'],
  ConfbridgeStartRecord: ['system'],
  ShowDialPlan: ['config', 'reporting'],
};

/**
 * Core actions registered with one class only: seeing one listed proves the user holds that class
 * (the post mapping of uploads checks `write=config` itself and has no action of its own).
 */
const SINGLE_CLASS: Readonly<Record<string, string>> = {
  updateconfig: 'config',
  createconfig: 'config',
  listcategories: 'config',
  modulecheck: 'system',
  moduleload: 'system',
  dbput: 'system',
  setvar: 'call',
  redirect: 'call',
  originate: 'originate',
  command: 'command',
  userevent: 'user',
};

/** Answer keys of ListCommands that are not action names. */
const NOT_ACTIONS = new Set(['response', 'actionid', 'message', 'eventlist']);

export interface Capabilities {
  /** Lower-cased names of the actions the user may run. */
  readonly actions: ReadonlySet<string>;
  /** Write classes the listed actions prove the user holds. */
  readonly classes: ReadonlySet<string>;
}

export function readCapabilities(listCommands: AmiMessage): Capabilities {
  const actions = new Set<string>();
  const classes = new Set<string>();
  for (const [key] of listCommands.lines) {
    const name = key.toLowerCase();
    if (NOT_ACTIONS.has(name)) continue;
    actions.add(name);
    const single = SINGLE_CLASS[name];
    if (single) classes.add(single);
  }
  return { actions, classes };
}

export function mayRun(caps: Capabilities | undefined, action: string): boolean {
  return caps === undefined || caps.actions.has(action.toLowerCase());
}

/** Why a feature's action is not listed: the user lacks its classes, or holds one and the module is missing. */
function limitFor(caps: Capabilities, actions: readonly string[]): FeatureLimit {
  const classes = [...new Set(actions.flatMap((a) => ACTION_CLASSES[a] ?? []))];
  if (classes.some((c) => caps.classes.has(c))) return { kind: 'not-loaded', classes, actions };
  return { kind: 'write', classes, actions };
}

/**
 * The features this user cannot use and why; a feature absent from the result works. `readCall`
 * is what ReadCheck learned so far (undefined: not known yet, so nothing is claimed).
 */
export function featureLimits(
  caps: Capabilities | undefined,
  readCall: boolean | undefined,
): Partial<Record<ConsoleFeature, FeatureLimit>> {
  const out: Partial<Record<ConsoleFeature, FeatureLimit>> = {};
  if (readCall === false) out.live = { kind: 'read', classes: ['call'], actions: [] };
  if (caps === undefined) return out;
  for (const [feature, actions] of Object.entries(FEATURE_ACTIONS) as [ConsoleFeature, readonly string[]][]) {
    if (!actions.some((a) => mayRun(caps, a))) out[feature] = limitFor(caps, actions);
  }
  if (!caps.classes.has('config')) out.uploads = { kind: 'write', classes: ['config'], actions: [] };
  return out;
}

/** Status's `Seconds` as CoreShowChannel's `Duration` (HH:MM:SS), so one reader serves both lists. */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

/** How long after our session began a channel must have started, and how old it must be, to prove anything. */
const MARGIN_MS = 3_000;

/**
 * Learns whether the user's `read` includes `call`. Asterisk sends an event only to sessions whose
 * read classes hold all of its classes, and every channel announces itself with a call-class
 * Newchannel to every session that exists when it is created. So: one call-class event proves
 * `read=call`; a listed channel created after our session (with a margin for the long-poll) while
 * no call-class event ever came proves its absence.
 */
export class ReadCheck {
  #since: number;
  #readCall: boolean | undefined;

  /** `since`: epoch ms when the session (and so its event queue) began. */
  constructor(since: number) {
    this.#since = since;
  }

  /** After a reconnect: a new session, a new queue; what was learned about the user stays. */
  restart(since: number): void {
    this.#since = since;
  }

  get readCall(): boolean | undefined {
    return this.#readCall;
  }

  /** Feeds one event; true when this settled the question. */
  event(event: AmiMessage): boolean {
    if (this.#readCall === true) return false;
    const privilege = event.fields['privilege'];
    if (privilege === undefined || !privilege.split(',').includes('call')) return false;
    this.#readCall = true;
    return true;
  }

  /** Feeds the ages (seconds) of the channels a list just showed; true when this settled it. */
  listed(ages: readonly number[], now: number): boolean {
    if (this.#readCall !== undefined) return false;
    // Ages are whole seconds rounded down, so a channel began at the latest `age` and at the
    // earliest `age + 1` seconds ago.
    const proof = ages.some(
      (age) => now - (age + 1) * 1000 > this.#since + MARGIN_MS && age * 1000 >= MARGIN_MS,
    );
    if (!proof) return false;
    this.#readCall = false;
    return true;
  }
}
