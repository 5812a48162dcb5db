/**
 * app_queue's callers as channels of the office: a channel that runs Queue() joins the queue's
 * book, its members are rung (legs.ts) at join and again every `retry` seconds, a ring that lasts
 * `timeout` seconds ends in AgentRingNoAnswer, an answer bridges the two (AgentConnect), a hangup
 * ends the call (AgentComplete) or the wait (QueueCallerAbandon). Time moves only through
 * advance(), so a replay that steps the clock sees each timer fire when Asterisk's would (20d–20j).
 */
import type { Bridge, Chan, Office } from '../office';
import { snapshot } from '../office';
import { EVENT_FLAG } from '../permissions';
import { memberDialplan, parseLocalInterface } from './agents';
import type { Caller, Member, QueueBook } from './book';
import {
  abandonedVariables,
  answeredVariables,
  connectedVariables,
  endCallerPair,
  hangupCallerOne,
  joinVariables,
} from './caller-events';
import type { Leg } from './legs';
import {
  dialEnd,
  dialMember,
  hangupUnbridgedLeg,
  localStateChanged,
  removeChannel,
  runMemberDialplan,
} from './legs';

/** app_queue's defaults when queues.conf says nothing. */
const DEFAULT_TIMEOUT_SECONDS = 15;
const DEFAULT_RETRY_SECONDS = 5;

interface Talk {
  readonly leg: Leg;
  readonly bridge: Bridge;
  /** member->starttime: when the member was connected, in whole seconds. */
  readonly connectedSec: number;
  /** queue_end_bridge->start_time, for ANSWEREDTIME. */
  readonly answeredMs: number;
  readonly hold: number;
  readonly inSl: boolean;
}

/** One caller in Queue(): the channel running it and where its call attempt stands. */
interface Entry {
  readonly queue: string;
  readonly chan: Chan;
  readonly caller: Omit<Caller, 'joinedMs' | 'originalPosition'>;
  nextTryMs: number;
  legs: Leg[];
  attemptEndsMs: number;
  talk: Talk | null;
  /** What the queue's thread still does after an AgentRingNoAnswer (told a moment later, 20j). */
  tail: (() => void) | null;
}

export interface QueueCallsDeps {
  readonly now: () => number;
  /** Runs work a moment later, as Asterisk's threads do (the server's setTimeout; tests may run it at once). */
  readonly defer: (work: () => void) => void;
}

export class QueueCalls {
  private readonly entries: Entry[] = [];

  constructor(
    private readonly office: Office,
    private readonly book: QueueBook,
    private readonly deps: QueueCallsDeps,
  ) {}

  /** The channels waiting or talking in a queue (for tests and the office's life). */
  callers(queue?: string): readonly Chan[] {
    return this.entries.filter((e) => queue === undefined || e.queue === queue).map((e) => e.chan);
  }

  /** Whether the caller is bridged with a member. */
  talking(chan: Chan): boolean {
    return this.entries.find((e) => e.chan === chan)?.talk !== null;
  }

  /**
   * queue_exec(): the caller's variables are cleared, it joins the queue (QueueCallerJoin) and the
   * members are rung at once. False when there is no such queue (the dialplan goes on).
   */
  enter(chan: Chan, data: string): boolean {
    const queue = (data.split(',')[0] ?? '').trim();
    joinVariables(this.office, chan);
    const caller = {
      channel: chan.name,
      uniqueid: chan.uniqueid,
      lines: snapshot(chan),
      current: () => snapshot(chan),
      callerIdNum: chan.callerIdNum,
      callerIdName: chan.callerIdName,
      connectedNum: chan.connectedNum,
      connectedName: chan.connectedName,
    };
    if (!this.book.join(queue, caller)) return false;
    const entry: Entry = {
      queue: this.book.find(queue)?.config.name ?? queue,
      chan,
      caller,
      nextTryMs: this.deps.now(),
      legs: [],
      attemptEndsMs: 0,
      talk: null,
      tail: null,
    };
    this.entries.push(entry);
    chan.endedBy = (c, cause) => this.hangup(entry, c, cause);
    this.tryCalling(entry);
    return true;
  }

  /** The queue's timers up to now: ring timeouts, then the retries of callers nobody answered. */
  advance(): void {
    const now = this.deps.now();
    for (const entry of [...this.entries]) {
      if (!this.entries.includes(entry) || entry.talk) continue;
      if (entry.legs.length > 0) {
        if (now >= entry.attemptEndsMs) this.ringNoAnswer(entry);
      } else if (entry.tail === null && now >= entry.nextTryMs) {
        this.tryCalling(entry);
      }
    }
  }

  /** A member's ringing leg is picked up (the office's phones answer through the life simulation). */
  answerLeg(chan: Chan): boolean {
    const entry = this.entries.find((e) => e.legs.some((l) => l.one === chan || l.two === chan));
    const leg = entry?.legs.find((l) => l.one === chan || l.two === chan);
    if (!entry || !leg) return false;
    leg.answered = true;
    this.connect(entry, leg);
    return true;
  }

  // ---- the caller's turn ----

  private queueOf(entry: Entry) {
    return this.book.find(entry.queue);
  }

  private timing(entry: Entry): { timeoutMs: number; retryMs: number } {
    const config = this.queueOf(entry)?.config;
    return {
      timeoutMs: (config?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
      retryMs: (config?.retrySeconds ?? DEFAULT_RETRY_SECONDS) * 1000,
    };
  }

  /** Members another caller is ringing now (app_queue's pending_members, ringinuse=no). */
  private pending(): Set<string> {
    return new Set(this.entries.flatMap((e) => e.legs.map((l) => l.iface.toLowerCase())));
  }

  /**
   * is_our_turn(): with N members free, the first N callers may ring them. Then can_ring_entry()
   * for each member and, as ring_one() does, only the best (lowest) penalty is rung: all of it
   * for ringall, one member for the other strategies.
   */
  private ringable(entry: Entry): Member[] {
    const q = this.queueOf(entry);
    if (!q) return [];
    const pending = this.pending();
    const free = q.members.filter((m) => {
      if (m.paused || pending.has(m.iface.toLowerCase())) return false;
      const s = this.book.status(m);
      return s === 0 || s === 1;
    });
    const position = q.callers.findIndex((c) => c.channel === entry.chan.name) + 1;
    if (position < 1 || position > Math.max(1, free.length)) return [];
    const best = Math.min(...free.map((m) => m.penalty));
    const tier = free.filter((m) => m.penalty === best);
    if (q.config.strategy === 'ringall') return tier;
    // The other strategies ring one member at a time: the one rung least recently first.
    const next = [...tier].sort((a, b) => a.lastCall - b.lastCall)[0];
    return next ? [next] : [];
  }

  private tryCalling(entry: Entry): void {
    const now = this.deps.now();
    const { timeoutMs, retryMs } = this.timing(entry);
    for (const m of this.ringable(entry)) {
      const target = parseLocalInterface(m.iface);
      const plan = target ? memberDialplan(target.exten, target.context) : undefined;
      if (!target || !plan) continue;
      const leg = dialMember(this.office, entry.chan, entry.queue, m, target, plan, now);
      leg.one.endedBy = (c, cause) => this.hangup(entry, c, cause);
      entry.legs.push(leg);
      if (runMemberDialplan(this.office, entry.chan, leg)) {
        this.connect(entry, leg);
        return;
      }
    }
    if (entry.legs.length > 0) {
      entry.attemptEndsMs = now + timeoutMs;
      return;
    }
    // Nobody to ring: wait_a_bit() for `retry` seconds.
    entry.nextTryMs = now + retryMs;
  }

  /**
   * The ring timed out (20j): AgentRingNoAnswer for each leg with the queue's timeout in ms; a
   * moment later DialEnd NOANSWER, then hangupcalls() cancels and hangs up the legs; the caller
   * waits `retry` seconds before they are rung again.
   */
  private ringNoAnswer(entry: Entry): void {
    const { timeoutMs, retryMs } = this.timing(entry);
    for (const leg of entry.legs) {
      this.office.ev(EVENT_FLAG.agent, 'AgentRingNoAnswer', [
        ...snapshot(entry.chan),
        ...snapshot(leg.one, 'Dest'),
        ['Queue', entry.queue],
        ['Interface', leg.iface],
        ['MemberName', leg.memberName],
        ['RingTime', String(timeoutMs)],
      ]);
    }
    entry.tail = () => {
      entry.tail = null;
      for (const leg of entry.legs) dialEnd(this.office, entry.chan, leg, 'NOANSWER');
      this.hangupLegs(entry, null);
      entry.nextTryMs = this.deps.now() + retryMs;
    };
    this.deps.defer(() => entry.tail?.());
  }

  /** hangupcalls(): DialEnd CANCEL and the hangup of every leg but the one that answered. */
  private hangupLegs(entry: Entry, except: Leg | null): void {
    for (const leg of entry.legs) {
      if (leg === except) continue;
      dialEnd(this.office, entry.chan, leg, 'CANCEL');
      hangupUnbridgedLeg(this.office, leg);
    }
    entry.legs = except ? [except] : [];
  }

  /**
   * A member answered (20g): DialEnd ANSWER, the caller leaves the queue (QueueCallerLeave and its
   * variables), AgentConnect, and both meet in a basic bridge.
   */
  private connect(entry: Entry, leg: Leg): void {
    const now = this.deps.now();
    dialEnd(this.office, entry.chan, leg, 'ANSWER');
    this.hangupLegs(entry, leg);
    const answered = this.book.answered(entry.queue, entry.chan.name);
    if (!answered) return;
    connectedVariables(this.office, entry.chan, answered.position, answered.hold);
    const ringSeconds = Math.floor((now - leg.startedMs) / 1000);
    this.book.agentConnect(
      entry.queue,
      leg.iface,
      entry.caller,
      snapshot(leg.one, 'Dest'),
      answered.hold,
      ringSeconds,
    );
    const bridge = this.office.createBasicBridge();
    this.office.enterBridge(bridge, leg.one);
    this.office.enterBridge(bridge, entry.chan);
    this.office.bridgePeers(bridge);
    entry.talk = {
      leg,
      bridge,
      connectedSec: Math.floor(now / 1000),
      answeredMs: now,
      hold: answered.hold,
      inSl: answered.inSl,
    };
  }

  // ---- hangups ----

  /** The caller's pair or a member's leg is hung up (an AMI Hangup, or the far end). */
  private hangup(entry: Entry, c: Chan, cause: number): void {
    entry.tail?.();
    const talk = entry.talk;
    if (talk && (c === talk.leg.one || c === talk.leg.two)) {
      this.agentHangsUp(entry, talk);
      return;
    }
    const ringing = entry.legs.find((l) => l.one === c || l.two === c);
    if (ringing) {
      this.legHungUp(entry, ringing);
      return;
    }
    const one = entry.chan.partner;
    if (one && c === one) hangupCallerOne(this.office, entry.chan, one);
    else this.office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(c), ['Cause', String(cause)]]);
    if (talk) this.callerLeftCall(entry, talk);
    else this.callerAbandons(entry);
  }

  /**
   * A ringing member's leg was hung up: wait_for_answer() reads nothing more from it, tells
   * NOANSWER and AgentRingNoAnswer with the seconds it rang, and the leg goes.
   */
  private legHungUp(entry: Entry, leg: Leg): void {
    const rang = Math.floor(this.deps.now() / 1000) - Math.floor(leg.startedMs / 1000);
    dialEnd(this.office, entry.chan, leg, 'NOANSWER');
    this.office.ev(EVENT_FLAG.agent, 'AgentRingNoAnswer', [
      ...snapshot(entry.chan),
      ...snapshot(leg.one, 'Dest'),
      ['Queue', entry.queue],
      ['Interface', leg.iface],
      ['MemberName', leg.memberName],
      ['RingTime', String(rang * 1000)],
    ]);
    hangupUnbridgedLeg(this.office, leg);
    entry.legs = entry.legs.filter((l) => l !== leg);
    if (entry.legs.length === 0) entry.nextTryMs = this.deps.now() + this.timing(entry).retryMs;
  }

  /** The caller hung up while talking (20h): AgentComplete, the bridge dissolves, the leg hangs up. */
  private callerLeftCall(entry: Entry, talk: Talk): void {
    this.completeCall(entry, talk, 'caller');
    const { leg } = talk;
    this.office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(leg.two), ['Cause', '16']]);
    removeChannel(this.office, leg.one, 16);
    localStateChanged(this.office, leg.one);
    this.office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(leg.two), ['Cause', '16']]);
    removeChannel(this.office, leg.two, 16);
    localStateChanged(this.office, leg.two);
    answeredVariables(this.office, entry.chan, this.deps.now() - talk.answeredMs, this.deps.now());
    this.finish(entry);
    endCallerPair(this.office, entry.chan, 16);
  }

  /**
   * The member's leg hung up while talking: AgentComplete (Reason: agent), the leg goes, and the
   * caller's Queue() returns to a dialplan that ends the call.
   */
  private agentHangsUp(entry: Entry, talk: Talk): void {
    const { leg } = talk;
    this.office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(leg.one), ['Cause', '16']]);
    this.office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(leg.two), ['Cause', '16']]);
    this.completeCall(entry, talk, 'agent');
    removeChannel(this.office, leg.one, 16);
    localStateChanged(this.office, leg.one);
    removeChannel(this.office, leg.two, 16);
    localStateChanged(this.office, leg.two);
    answeredVariables(this.office, entry.chan, this.deps.now() - talk.answeredMs, this.deps.now());
    this.finish(entry);
    const one = entry.chan.partner;
    if (one && this.office.chans.includes(one)) hangupCallerOne(this.office, entry.chan, one);
    endCallerPair(this.office, entry.chan, 16);
  }

  /** AgentComplete and the bridge's end: BRIDGEPEER cleared, both leave, the bridge goes. */
  private completeCall(entry: Entry, talk: Talk, reason: 'caller' | 'agent'): void {
    const { leg } = talk;
    const talkSeconds = Math.floor(this.deps.now() / 1000) - talk.connectedSec;
    this.book.complete(
      entry.queue,
      leg.iface,
      entry.caller,
      talk.hold,
      talkSeconds,
      snapshot(leg.one, 'Dest'),
      reason,
      talk.inSl,
    );
    this.office.setVar(entry.chan, 'BRIDGEPEER', '');
    this.office.setVar(leg.one, 'BRIDGEPEER', '');
    this.office.leaveBridge(entry.chan);
    this.office.leaveBridge(leg.one);
  }

  /**
   * The caller hung up while waiting (20j): a ring in progress is cancelled, Queue() stops with its
   * variables, QueueCallerAbandon, QueueCallerLeave, and the caller's half hangs up.
   */
  private callerAbandons(entry: Entry): void {
    for (const leg of entry.legs) dialEnd(this.office, entry.chan, leg, 'CANCEL');
    this.hangupLegs(entry, null);
    const now = this.deps.now();
    const waited = Math.floor(now / 1000) - Math.floor((this.waitingSince(entry) ?? now) / 1000);
    abandonedVariables(this.office, entry.chan, waited, now);
    const position =
      this.book.find(entry.queue)?.callers.findIndex((c) => c.channel === entry.chan.name) ?? -1;
    this.book.abandon(entry.queue, entry.chan.name);
    if (position >= 0) this.office.setVar(entry.chan, 'QUEUEPOSITION', String(position + 1));
    this.finish(entry);
    endCallerPair(this.office, entry.chan, 0);
  }

  private waitingSince(entry: Entry): number | undefined {
    return this.book.find(entry.queue)?.callers.find((c) => c.channel === entry.chan.name)?.joinedMs;
  }

  private finish(entry: Entry): void {
    this.entries.splice(this.entries.indexOf(entry), 1);
    delete entry.chan.endedBy;
  }
}
