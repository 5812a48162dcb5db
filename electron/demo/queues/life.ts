/**
 * Queues and a conference room in a living office: callers from outside join the queues, a free
 * member answers the first one after a while, talks and hangs up, some callers give up; people
 * join and leave room 900 and talk now and then. Seeded: the same seed and the same clock give the
 * same day. The voicemail side lives with the switchboard's (switchboard/life.ts).
 */
import { confBridgeOf, conferenceRoomsOf } from '../conferences/attach';
import { phoneJoinsRoom } from '../conferences/dial-in';
import type { Lines, Office } from '../office';
import { ENDPOINTS, EXTERNAL_CALLERS } from '../office';
import { rng } from '../rng';
import { queueBookOf } from './attach';
import type { Caller } from './book';

/** The room the office meets in (its extension in the office dialplan). */
export const OFFICE_ROOM = '900';

interface Talk {
  readonly queue: string;
  readonly iface: string;
  readonly caller: Caller;
  readonly hold: number;
  readonly startedAt: number;
  readonly endsAt: number;
}

export class QueueLife {
  private readonly random: () => number;
  private seq = 0;
  private talks: Talk[] = [];
  /** When each waiting caller (by channel) gives up, if nobody answers first. */
  private patience = new Map<string, number>();
  private nextJoin = 0;
  private nextRoom = 0;

  constructor(
    private readonly office: Office,
    seed: number,
  ) {
    this.random = rng(seed ^ 0x51e9e);
  }

  /** The morning: two callers already waiting, the room with three people in it. */
  start(nowMs: number): void {
    const book = queueBookOf(this.office);
    for (const q of book.queues.slice(0, 2)) this.join(q.config.name, nowMs);
    for (let i = 0; i < 3; i++) this.enterRoom();
    this.nextJoin = nowMs + this.between(4, 12);
    this.nextRoom = nowMs + this.between(15, 40);
  }

  advance(nowMs: number): void {
    const book = queueBookOf(this.office);
    for (const t of this.talks.filter((x) => x.endsAt <= nowMs)) {
      book.complete(t.queue, t.iface, t.caller, t.hold, Math.round((nowMs - t.startedAt) / 1000), []);
    }
    this.talks = this.talks.filter((x) => x.endsAt > nowMs);
    for (const q of book.queues) {
      for (const c of [...q.callers]) {
        const giveUp = this.patience.get(c.channel) ?? Infinity;
        if (giveUp <= nowMs) {
          this.patience.delete(c.channel);
          book.abandon(q.config.name, c.channel);
        }
      }
      const first = q.callers[0];
      if (!first || book.waitSeconds(first) < 8) continue;
      const busy = new Set(this.talks.map((t) => t.iface));
      const free = q.members.find((m) => !m.paused && !busy.has(m.iface) && !m.inCall);
      if (!free || this.random() < 0.5) continue;
      const hold = book.waitSeconds(first);
      const caller = book.connect(q.config.name, free.iface, 3, []);
      if (!caller) continue;
      this.patience.delete(caller.channel);
      this.talks.push({
        queue: q.config.name,
        iface: free.iface,
        caller,
        hold,
        startedAt: nowMs,
        endsAt: nowMs + this.between(20, 90),
      });
    }
    if (nowMs >= this.nextJoin) {
      const queues = book.queues;
      const q = queues[Math.floor(this.random() * queues.length)];
      if (q && q.callers.length < 6) this.join(q.config.name, nowMs);
      this.nextJoin = nowMs + this.between(6, 25);
    }
    if (nowMs >= this.nextRoom) {
      this.stepRoom();
      this.nextRoom = nowMs + this.between(10, 45);
    }
  }

  private join(queue: string, nowMs: number): void {
    const [num, name] = EXTERNAL_CALLERS[Math.floor(this.random() * EXTERNAL_CALLERS.length)] ?? ['', ''];
    const channel = `PJSIP/trunk-${(0x7000 + this.seq++).toString(16).padStart(8, '0')}`;
    const uniqueid = `ajamtest-${Math.floor(nowMs / 1000)}.q${this.seq}`;
    queueBookOf(this.office).join(queue, {
      channel,
      uniqueid,
      lines: channelLines(channel, uniqueid, num, name, 'from-trunk', 's'),
      callerIdNum: num,
      callerIdName: name,
      connectedNum: '',
      connectedName: '',
    });
    this.patience.set(channel, nowMs + this.between(30, 150));
  }

  /** An idle phone calls the room (electron/demo/conferences/dial-in.ts); the first one in chairs it. */
  private enterRoom(): void {
    const inside = conferenceRoomsOf(this.office).find(OFFICE_ROOM)?.participants.length ?? 0;
    const who = ENDPOINTS.filter((e) => this.office.deviceState(`PJSIP/${e.id}`) === 'NOT_INUSE');
    const e = who[Math.floor(this.random() * who.length)];
    if (!e) return;
    const chair = inside === 0;
    phoneJoinsRoom(this.office, confBridgeOf(this.office), e, OFFICE_ROOM, { admin: chair, marked: chair });
  }

  private stepRoom(): void {
    const rooms = conferenceRoomsOf(this.office);
    const room = rooms.find(OFFICE_ROOM);
    const count = room?.participants.length ?? 0;
    const roll = this.random();
    if (count < 3 || (roll < 0.4 && count < 6)) {
      this.enterRoom();
      return;
    }
    const p = room?.participants[Math.floor(this.random() * count)];
    if (!p) return;
    if (roll < 0.7) rooms.setTalking(OFFICE_ROOM, p.channel, !p.talking);
    else if (!p.admin) confBridgeOf(this.office).farEndHangup(p.channel);
  }

  private between(minSeconds: number, maxSeconds: number): number {
    return Math.round((minSeconds + this.random() * (maxSeconds - minSeconds)) * 1000);
  }
}

/** The channel fields an event carries, for a caller the office's trunk or phone brought in. */
function channelLines(
  channel: string,
  uniqueid: string,
  num: string,
  name: string,
  context: string,
  exten: string,
): Lines {
  return [
    ['Channel', channel],
    ['ChannelState', '6'],
    ['ChannelStateDesc', 'Up'],
    ['CallerIDNum', num],
    ['CallerIDName', name],
    ['ConnectedLineNum', '<unknown>'],
    ['ConnectedLineName', '<unknown>'],
    ['Language', 'es'],
    ['AccountCode', ''],
    ['Context', context],
    ['Exten', exten],
    ['Priority', '1'],
    ['Uniqueid', uniqueid],
    ['Linkedid', uniqueid],
  ];
}
