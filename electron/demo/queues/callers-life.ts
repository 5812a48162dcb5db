/**
 * The callers of a living office's queues: calls come in on the trunk and run Queue() (QueueCalls
 * rings the members' phones), a member picks up after a few rings or lets it ring out, the two
 * talk a while and one of them hangs up; callers nobody answers give up in the end. Every caller
 * and every member leg is a channel of the office, with the events app_queue gives them. Seeded:
 * the same seed and the same clock give the same day.
 */
import type { Chan, Office } from '../office';
import { EXTERNAL_CALLERS, STATE } from '../office';
import { rng } from '../rng';
import { queueBookOf, queueCallsOf } from './attach';

/** How many callers a queue takes before the trunk's callers go elsewhere. */
const MAX_WAITING = 6;

interface Talk {
  readonly caller: Chan;
  readonly phone: Chan;
  readonly endsAt: number;
  /** Who puts the phone down: the member (AgentComplete Reason agent) or the caller. */
  readonly memberEnds: boolean;
}

export class QueueCallersLife {
  private readonly random: () => number;
  /** When each waiting caller gives up, if nobody answers first. */
  private readonly patience = new Map<Chan, number>();
  /** When each ringing phone is picked up (Infinity: it rings out). */
  private readonly pickUp = new Map<Chan, number>();
  private talks: Talk[] = [];
  private nextJoin = 0;

  constructor(
    private readonly office: Office,
    seed: number,
  ) {
    this.random = rng(seed ^ 0x9e51);
  }

  /** The morning: a caller already waits in each of the first two queues. */
  start(nowMs: number): void {
    for (const q of queueBookOf(this.office).queues.slice(0, 2)) this.join(q.config.name, nowMs);
    this.nextJoin = nowMs + this.between(4, 12);
  }

  advance(nowMs: number): void {
    const calls = queueCallsOf(this.office);
    calls.advance();
    this.endTalks(nowMs);
    this.answerPhones(nowMs);
    for (const [caller, giveUp] of [...this.patience]) {
      if (!this.office.chans.includes(caller) || calls.talking(caller)) {
        this.patience.delete(caller);
      } else if (giveUp <= nowMs) {
        this.patience.delete(caller);
        calls.callerHangsUp(caller);
      }
    }
    if (nowMs >= this.nextJoin) {
      const queues = queueBookOf(this.office).queues;
      const q = queues[Math.floor(this.random() * queues.length)];
      if (q && q.callers.length < MAX_WAITING) this.join(q.config.name, nowMs);
      this.nextJoin = nowMs + this.between(6, 25);
    }
  }

  /** A phone ringing for a caller is picked up after a few seconds, or (one in four) rings out. */
  private answerPhones(nowMs: number): void {
    const calls = queueCallsOf(this.office);
    const ringing = calls.ringingPhones();
    for (const phone of [...this.pickUp.keys()]) if (!ringing.includes(phone)) this.pickUp.delete(phone);
    for (const phone of ringing) {
      if (!this.pickUp.has(phone)) {
        this.pickUp.set(phone, this.random() < 0.25 ? Infinity : nowMs + this.between(2, 10));
        continue;
      }
      if ((this.pickUp.get(phone) ?? Infinity) > nowMs) continue;
      const caller = calls.callerOf(phone);
      this.pickUp.delete(phone);
      if (!caller || !calls.answerPhone(phone)) continue;
      this.talks.push({
        caller,
        phone,
        endsAt: nowMs + this.between(20, 90),
        memberEnds: this.random() < 0.3,
      });
    }
  }

  private endTalks(nowMs: number): void {
    const calls = queueCallsOf(this.office);
    for (const t of this.talks.filter((x) => x.endsAt <= nowMs)) {
      if (t.memberEnds) calls.memberHangsUp(t.phone);
      else calls.callerHangsUp(t.caller);
    }
    this.talks = this.talks.filter((x) => x.endsAt > nowMs && this.office.chans.includes(x.caller));
  }

  /** A call comes in on the trunk; the inbound route answers it and sends it to the queue. */
  private join(queue: string, nowMs: number): void {
    const [num, name] = EXTERNAL_CALLERS[Math.floor(this.random() * EXTERNAL_CALLERS.length)] ?? ['', ''];
    const chan = this.office.newChan(this.office.pjsipName('trunk'), {
      state: STATE.ring,
      callerIdNum: num,
      callerIdName: name,
      context: 'from-trunk',
      exten: 's',
    });
    this.office.newchannel(chan);
    this.office.newexten(chan, 'Answer', '');
    this.office.newstate(chan, STATE.up);
    chan.priority = 2;
    this.office.newexten(chan, 'Queue', queue);
    if (!queueCallsOf(this.office).enter(chan, queue)) {
      this.office.removeChan(chan, 16, 'Normal Clearing');
      return;
    }
    this.patience.set(chan, nowMs + this.between(30, 150));
  }

  private between(minSeconds: number, maxSeconds: number): number {
    return Math.round((minSeconds + this.random() * (maxSeconds - minSeconds)) * 1000);
  }
}
