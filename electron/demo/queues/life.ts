/**
 * Queues and a conference room in a living office: callers from outside join the queues, a free
 * member answers the first one after a while, talks and hangs up, some callers give up; people
 * join and leave room 900 and talk now and then. Seeded: the same seed and the same clock give the
 * same day. The voicemail side lives with the switchboard's (switchboard/life.ts).
 */
import { confBridgeOf, conferenceRoomsOf } from '../conferences/attach';
import { idlePhones, phoneJoinsRoom } from '../conferences/dial-in';
import type { Office } from '../office';
import { rng } from '../rng';
import { QueueCallersLife } from './callers-life';

/** The room the office meets in (its extension in the office dialplan). */
export const OFFICE_ROOM = '900';

export class QueueLife {
  private readonly random: () => number;
  /** The queues' callers: real channels running Queue() (callers-life.ts). */
  private readonly callers: QueueCallersLife;
  private nextRoom = 0;

  constructor(
    private readonly office: Office,
    seed: number,
  ) {
    this.random = rng(seed ^ 0x51e9e);
    this.callers = new QueueCallersLife(office, seed);
  }

  /** The morning: two callers already waiting, the room with three people in it. */
  start(nowMs: number): void {
    this.callers.start(nowMs);
    for (let i = 0; i < 3; i++) this.enterRoom();
    this.nextRoom = nowMs + this.between(15, 40);
  }

  advance(nowMs: number): void {
    this.callers.advance(nowMs);
    if (nowMs >= this.nextRoom) {
      this.stepRoom();
      this.nextRoom = nowMs + this.between(10, 45);
    }
  }

  /** An idle phone calls the room (electron/demo/conferences/dial-in.ts); the first one in chairs it. */
  private enterRoom(): void {
    const inside = conferenceRoomsOf(this.office).find(OFFICE_ROOM)?.participants.length ?? 0;
    const who = idlePhones(this.office);
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
