/**
 * The switchboard's side of the living office: who is on DND (FreePBX's AstDB `DND/<ext>` = YES
 * and the `Custom:DND<ext>` lamp BUSY), who forwards (`CF/<ext>`), everyone's presence with its
 * message, voicemail arriving and being listened to (MessageWaiting after a refresh), and the two
 * parking lots: calls parked in `default` that someone picks up by dialling the space, calls parked
 * in `shortlot` that time out. Pure logic over the Office with its own seeded random stream (the
 * traffic's calls stay what a seed made them); `advance(nowMs)` acts on the clock it is given.
 */
import type { Chan, Office } from '../office';
import { ENDPOINTS, TRAFFIC_PHONES } from '../office';
import { rng } from '../rng';
import { voicemailOf } from '../voicemail/attach';
import { DIRECTORY } from './directory';
import { findLot } from './dialplan';

/**
 * Extensions on DND at the start (none the traffic rings: a DND phone would not ring in FreePBX),
 * and the one forwarding to a mobile.
 */
export const START_DND: readonly string[] = ['116', '127', '135'];
export const START_FORWARD: readonly [string, string] = ['110', '600123456'];

/** Presence values people set, as PRESENCE_STATE() takes them (state,subtype,message). */
const PRESENCES: readonly string[] = [
  'available',
  'available',
  'available',
  'away,,Vuelvo en 10 minutos',
  'away,,En el almacén',
  'xa,Vacaciones,Vuelvo el lunes',
  'dnd,Reunión,En reunión hasta las 13:00',
  'chat,,Solo chat, por favor',
  'chat,,Escríbeme',
  'unavailable',
];

/** Desks of the traffic's resident calls (traffic.ts RESIDENT_CALLS). */
const RESIDENT_DESKS: readonly string[] = ['102', '103'];

const CALLERS = ['"Cliente Madrid" <+34911234567>', '"Gestoría Norte" <+34985667788>', '"Móvil" <600123456>'];

type Range = readonly [number, number];

/** Seconds between two changes of each kind. */
const EVERY: Readonly<Record<'presence' | 'dnd' | 'voicemail' | 'park', Range>> = {
  presence: [15, 45],
  dnd: [90, 240],
  voicemail: [40, 120],
  park: [30, 75],
};

export class SwitchboardLife {
  private readonly random: () => number;
  private readonly due = new Map<keyof typeof EVERY, number>();
  /** Parked calls someone will pick up, and when. */
  private readonly pickups = new Map<Chan, number>();
  private messageSeq = 0;

  constructor(
    private readonly office: Office,
    seed: number,
  ) {
    this.random = rng(seed * 7919 + 8);
  }

  /** The office as it is when the day starts: DND, forward, presence, a few voicemails. */
  start(nowMs: number): void {
    for (const ext of START_DND) this.setDnd(ext, true);
    this.office.switchboard.astdb.put('CF', START_FORWARD[0], START_FORWARD[1]);
    DIRECTORY.forEach((e, i) => {
      this.office.writePresence(`CustomPresence:${e.id}`, PRESENCES[i % PRESENCES.length] as string);
    });
    for (const box of ['101', '104', '112', '118']) this.leaveMessage(box, nowMs);
    for (const kind of Object.keys(EVERY) as Array<keyof typeof EVERY>) {
      this.due.set(kind, nowMs + this.seconds(EVERY[kind]));
    }
  }

  advance(nowMs: number): void {
    for (const [c, at] of [...this.pickups]) {
      if (!c.parking) this.pickups.delete(c);
      else if (nowMs >= at) this.pickUp(c);
    }
    for (const [kind, at] of [...this.due]) {
      if (nowMs < at) continue;
      this.due.set(kind, nowMs + this.seconds(EVERY[kind]));
      if (kind === 'presence') this.changePresence();
      else if (kind === 'dnd') this.toggleDnd();
      else if (kind === 'voicemail') this.voicemail(nowMs);
      else this.parkOne(nowMs);
    }
  }

  /** FreePBX's *76 feature code: the AstDB key and the lamp together. */
  setDnd(ext: string, on: boolean): void {
    if (on) this.office.switchboard.astdb.put('DND', ext, 'YES');
    else this.office.switchboard.astdb.del('DND', ext);
    this.office.writeFunction(`DEVICE_STATE(Custom:DND${ext})`, on ? 'BUSY' : 'NOT_INUSE');
  }

  private changePresence(): void {
    const who = this.pick(DIRECTORY);
    const value = this.pick(PRESENCES);
    if (who && value) this.office.writePresence(`CustomPresence:${who.id}`, value);
  }

  private toggleDnd(): void {
    const who = this.pick(DIRECTORY.slice(14));
    if (!who) return;
    this.setDnd(who.id, this.office.switchboard.astdb.get('DND', who.id) !== 'YES');
  }

  private voicemail(nowMs: number): void {
    const store = this.store();
    if (!store) return;
    const who = this.pick(ENDPOINTS);
    if (!who) return;
    const inbox = store.messages(who.id, 'default').filter(([folder]) => folder === 'INBOX');
    const first = inbox[0];
    // Half the time someone listens to a message (it goes to Old), else a new one arrives.
    if (first && this.random() < 0.5) store.move(who.id, 'default', 'INBOX', first[1].id, 'Old');
    else this.leaveMessage(who.id, nowMs);
  }

  private leaveMessage(box: string, nowMs: number): void {
    const store = this.store();
    if (!store) return;
    const date = new Date(nowMs).toUTCString();
    const id = `${Math.floor(nowMs / 1000)}-${String(this.messageSeq++).padStart(8, '0')}`;
    const callerId = this.pick(CALLERS) ?? '';
    const duration = 5 + Math.floor(this.random() * 60);
    if (store.deposit(box, 'default', 'INBOX', { id, callerId, date, duration }))
      store.refresh(box, 'default');
  }

  /** An outside caller is parked: in `default` someone picks it up, in `shortlot` it times out. */
  private parkOne(nowMs: number): void {
    // Not the traffic's resident calls to 102 and 103 (the README's examples stay on the board).
    const calls = this.office
      .officeCalls()
      .filter(
        (c) =>
          c.phase === 'up' &&
          c.caller.endpoint === null &&
          c.callee.endpoint !== null &&
          !RESIDENT_DESKS.includes(c.callee.endpoint.id),
      );
    const call = this.pick(calls);
    if (!call) return;
    const toShort = this.random() < 0.5;
    const lot = findLot(toShort ? 'shortlot' : 'default');
    if (!lot) return;
    const parker = call.callee;
    const space = this.office.park(call.caller, lot.timeoutSeconds, parker.name, lot);
    if (space === null || toShort) return;
    this.pickups.set(call.caller, nowMs + this.seconds([10, 30]));
  }

  private pickUp(c: Chan): void {
    const free = TRAFFIC_PHONES.filter((e) => this.office.deviceStates.get(`PJSIP/${e.id}`) === 'NOT_INUSE');
    const who = this.pick(free);
    if (who && this.office.retrieve(c, who.id)) this.pickups.delete(c);
  }

  private store(): ReturnType<typeof voicemailOf> | undefined {
    try {
      return voicemailOf(this.office);
    } catch {
      return undefined;
    }
  }

  private seconds([min, max]: Range): number {
    return Math.round((min + this.random() * (max - min)) * 1000);
  }

  private pick<T>(list: readonly T[]): T | undefined {
    return list.length === 0 ? undefined : list[Math.floor(this.random() * list.length)];
  }
}
