/**
 * app_queue's callers as channels of the office: a channel that runs Queue() joins the queue's
 * book, its members are rung (legs.ts) at join and again every `retry` seconds, a ring that lasts
 * `timeout` seconds ends in AgentRingNoAnswer, an answer bridges the two (AgentConnect), a hangup
 * ends the call (AgentComplete) or the wait (QueueCallerAbandon). Time moves only through
 * advance(), so a replay that steps the clock sees each timer fire when Asterisk's would (20d–20j).
 */
import type { Bridge, Chan, Office } from '../office';
import { ENDPOINTS, snapshot } from '../office';
import { EVENT_FLAG } from '../permissions';
import { memberDialplan, parseLocalInterface } from './agents';
import type { Caller, Member, QueueBook } from './book';
import {
  abandonedVariables,
  answeredVariables,
  connectedVariables,
  endCaller,
  hangupCallerOne,
  joinVariables,
} from './caller-events';
import { cancelLeg, endTalkingLeg } from './leg-ends';
import type { Leg } from './legs';
import { dialEnd, dialMember, runMemberDialplan } from './legs';
import { answerPhone, dialPhoneMember, ringPhoneOfLocal } from './phones';
import { membersToRing } from './pick';

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
    return (this.entries.find((e) => e.chan === chan)?.talk ?? null) !== null;
  }

  /** The caller a member's phone rings for or talks to. */
  callerOf(phone: Chan): Chan | undefined {
    return this.entries.find((e) => e.legs.some((l) => l.phone === phone))?.chan;
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
    // The far end of a phone or trunk caller hanging up (office.farEndHangup) is no AMI Hangup.
    chan.endedBy = (c, cause) => this.hangup(entry, c, cause, false);
    chan.running = {
      hangup: (c, cause) => this.hangup(entry, c, cause, true),
      leave: () => this.redirected(entry),
    };
    this.tryCalling(entry);
    return true;
  }

  /** The queue's timers up to now: ring timeouts, then the retries of callers nobody answered. */
  advance(): void {
    const now = this.deps.now();
    for (const entry of [...this.entries]) {
      // A caller whose ring just timed out waits for its thread to finish that first (tail).
      if (!this.entries.includes(entry) || entry.talk || entry.tail) continue;
      if (entry.legs.length > 0) {
        if (now >= entry.attemptEndsMs) this.ringNoAnswer(entry);
      } else if (now >= entry.nextTryMs) {
        this.tryCalling(entry);
      }
    }
  }

  /** The phones ringing for a queue caller now (the office's life picks them up, or not). */
  ringingPhones(): readonly Chan[] {
    return this.entries.flatMap((e) =>
      e.legs.filter((l) => !l.answered && !l.human).flatMap((l) => (l.phone ? [l.phone] : [])),
    );
  }

  /** A member picks up the phone ringing for a caller: the queue connects them. */
  answerPhone(phone: Chan): boolean {
    const entry = this.entries.find((e) => e.legs.some((l) => l.phone === phone));
    const leg = entry?.legs.find((l) => l.phone === phone);
    if (!entry || !leg || leg.answered || entry.talk) return false;
    leg.answered = true;
    answerPhone(this.office, leg);
    this.connect(entry, leg);
    return true;
  }

  /** The softphone declined or did not answer: the leg ends as a ringing member's hangup does. */
  private phoneRefused(entry: Entry, leg: Leg): void {
    if (this.entries.includes(entry) && entry.legs.includes(leg) && !leg.answered) this.legHungUp(entry, leg);
  }

  /** The caller's far end hangs up (not an AMI Hangup): a waiting caller abandons, a talking one ends the call. */
  callerHangsUp(chan: Chan): boolean {
    const entry = this.entries.find((e) => e.chan === chan);
    if (!entry) return false;
    this.hangup(entry, chan, 16, false);
    return true;
  }

  /** The member puts the phone down on a caller it talks to: AgentComplete with Reason agent. */
  memberHangsUp(phone: Chan): boolean {
    const entry = this.entries.find((e) => e.talk?.leg.phone === phone);
    if (!entry?.talk) return false;
    this.agentHangsUp(entry, entry.talk);
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

  /** The members this caller rings now (pick.ts), with their Status read from their devices. */
  private ringable(entry: Entry): Member[] {
    const q = this.queueOf(entry);
    if (!q) return [];
    const position = q.callers.findIndex((c) => c.channel === entry.chan.name) + 1;
    const withStatus = q.members.map((m) => ({
      member: m,
      iface: m.iface,
      paused: m.paused,
      status: this.book.status(m),
      penalty: m.penalty,
      lastCall: m.lastCall,
    }));
    return membersToRing(withStatus, q.config.strategy, position, this.pending()).map((c) => c.member);
  }

  private tryCalling(entry: Entry): void {
    const now = this.deps.now();
    const { timeoutMs, retryMs } = this.timing(entry);
    // ring_one() calls every member of the best tier first; wait_for_answer() then hears them.
    for (const m of this.ringable(entry)) {
      const leg = this.ring(entry, m, now);
      if (!leg) continue;
      entry.legs.push(leg);
      for (const c of legChannels(leg)) c.endedBy = (x, cause) => this.hangup(entry, x, cause, true);
    }
    for (const leg of [...entry.legs]) {
      this.progress(entry, leg);
      if (leg.answered) {
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

  /** ring_entry() for one member, by its interface's technology; undefined when it cannot be called. */
  private ring(entry: Entry, m: Member, now: number): Leg | undefined {
    const phone = /^PJSIP\/([^/]+)$/i.exec(m.iface)?.[1];
    if (phone) {
      const endpoint = ENDPOINTS.find((e) => e.id === phone);
      if (!endpoint) return undefined;
      return dialPhoneMember(this.office, entry.chan, entry.queue, m, endpoint, now);
    }
    const target = parseLocalInterface(m.iface);
    const plan = target ? memberDialplan(target.exten, target.context) : undefined;
    if (!target || !plan) return undefined;
    const endpoint = plan.kind === 'phone' ? ENDPOINTS.find((e) => e.id === plan.endpoint) : undefined;
    if (plan.kind === 'phone' && !endpoint) return undefined;
    return dialMember(this.office, entry.chan, entry.queue, m, target, plan, now);
  }

  /**
   * What happens at the member's end once called: a Local pair's ;2 runs its dialplan (answers, rings,
   * or rings the phone), the registered softphone really rings (its user answers or declines).
   */
  private progress(entry: Entry, leg: Leg): void {
    const { plan } = leg;
    if (!leg.two) {
      leg.human =
        this.office.phoneRinger?.(
          leg.one,
          [],
          () => this.answerPhone(leg.one),
          () => this.phoneRefused(entry, leg),
        ) ?? false;
      return;
    }
    const endpoint = plan.kind === 'phone' ? ENDPOINTS.find((e) => e.id === plan.endpoint) : undefined;
    if (endpoint) ringPhoneOfLocal(this.office, entry.chan, leg, endpoint);
    else runMemberDialplan(this.office, entry.chan, leg);
  }

  /**
   * The ring timed out (20j): AgentRingNoAnswer for each leg with the queue's timeout in ms; a
   * moment later DialEnd NOANSWER, then hangupcalls() cancels and hangs up the legs; the caller
   * waits `retry` seconds before they are rung again.
   */
  private ringNoAnswer(entry: Entry): void {
    const { timeoutMs, retryMs } = this.timing(entry);
    for (const leg of entry.legs) {
      this.agentRingNoAnswer(entry, leg, timeoutMs);
    }
    entry.tail = () => {
      entry.tail = null;
      for (const leg of entry.legs) dialEnd(this.office, entry.chan, leg, 'NOANSWER');
      this.hangupLegs(entry, null);
      entry.nextTryMs = this.deps.now() + retryMs;
    };
    this.deps.defer(() => entry.tail?.());
  }

  /**
   * hangupcalls(): DialEnd CANCEL and the hangup of every leg but the one that answered (whose
   * rivals hang up "answered elsewhere").
   */
  private hangupLegs(entry: Entry, except: Leg | null): void {
    for (const leg of entry.legs) {
      if (leg === except) continue;
      dialEnd(this.office, entry.chan, leg, 'CANCEL');
      cancelLeg(this.office, leg, except ? 26 : 0);
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

  /**
   * The caller's channel (or its pair's ;1) or a member's leg is hung up: by an AMI Hangup
   * (`requested`: SoftHangupRequest first) or by its far end.
   */
  private hangup(entry: Entry, c: Chan, cause: number, requested: boolean): void {
    entry.tail?.();
    const talk = entry.talk;
    if (talk && legChannels(talk.leg).includes(c)) {
      this.agentHangsUp(entry, talk);
      return;
    }
    const ringing = entry.legs.find((l) => legChannels(l).includes(c));
    if (ringing) {
      this.legHungUp(entry, ringing);
      return;
    }
    const one = entry.chan.partner;
    if (one && c === one) hangupCallerOne(this.office, entry.chan, one);
    else if (requested)
      this.office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(c), ['Cause', String(cause)]]);
    if (talk) this.callerLeftCall(entry, talk);
    else this.callerAbandons(entry);
  }

  /** AgentRingNoAnswer for a leg that rang `ringMs` (app_queue's rna()). */
  private agentRingNoAnswer(entry: Entry, leg: Leg, ringMs: number): void {
    this.office.ev(EVENT_FLAG.agent, 'AgentRingNoAnswer', [
      ...snapshot(entry.chan),
      ...snapshot(leg.one, 'Dest'),
      ['Queue', entry.queue],
      ['Interface', leg.iface],
      ['MemberName', leg.memberName],
      ['RingTime', String(ringMs)],
    ]);
  }

  /**
   * A ringing member's leg was hung up: wait_for_answer() reads nothing more from it, tells
   * NOANSWER and AgentRingNoAnswer with the seconds it rang, and the leg goes.
   */
  private legHungUp(entry: Entry, leg: Leg): void {
    const rang = Math.floor(this.deps.now() / 1000) - Math.floor(leg.startedMs / 1000);
    dialEnd(this.office, entry.chan, leg, 'NOANSWER');
    this.agentRingNoAnswer(entry, leg, rang * 1000);
    cancelLeg(this.office, leg);
    entry.legs = entry.legs.filter((l) => l !== leg);
    if (entry.legs.length === 0) entry.nextTryMs = this.deps.now() + this.timing(entry).retryMs;
  }

  /** The caller hung up while talking (20h): AgentComplete, the bridge dissolves, the leg hangs up. */
  private callerLeftCall(entry: Entry, talk: Talk): void {
    this.completeCall(entry, talk, 'caller');
    endTalkingLeg(this.office, talk.leg);
    answeredVariables(this.office, entry.chan, this.deps.now() - talk.answeredMs, this.deps.now());
    this.finish(entry);
    endCaller(this.office, entry.chan, 16);
  }

  /**
   * The member's leg hung up while talking: AgentComplete (Reason: agent), the leg goes, and the
   * caller's Queue() returns to a dialplan that ends the call.
   */
  private agentHangsUp(entry: Entry, talk: Talk): void {
    this.completeCall(entry, talk, 'agent');
    endTalkingLeg(this.office, talk.leg);
    answeredVariables(this.office, entry.chan, this.deps.now() - talk.answeredMs, this.deps.now());
    this.finish(entry);
    endCaller(this.office, entry.chan, 16);
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
    this.stopWaiting(entry);
    this.finish(entry);
    endCaller(this.office, entry.chan, 0);
  }

  /** A waiting caller's Queue() stops: the ring is cancelled, the variables, Abandon and Leave. */
  private stopWaiting(entry: Entry): void {
    for (const leg of entry.legs) dialEnd(this.office, entry.chan, leg, 'CANCEL');
    this.hangupLegs(entry, null);
    const now = this.deps.now();
    const waited = Math.floor(now / 1000) - Math.floor((this.waitingSince(entry) ?? now) / 1000);
    abandonedVariables(this.office, entry.chan, waited, now);
    const position =
      this.book.find(entry.queue)?.callers.findIndex((c) => c.channel === entry.chan.name) ?? -1;
    this.book.abandon(entry.queue, entry.chan.name);
    if (position >= 0) this.office.setVar(entry.chan, 'QUEUEPOSITION', String(position + 1));
  }

  private waitingSince(entry: Entry): number | undefined {
    return this.book.find(entry.queue)?.callers.find((c) => c.channel === entry.chan.name)?.joinedMs;
  }

  /**
   * A Redirect takes the caller out of Queue(): app_queue counts a caller that leaves unanswered
   * as abandoned (queue_exec()'s `stop:`); one that talked leaves the bridge, which hangs the
   * member's leg up (handle_hangup() of the member: Reason agent). The channel then goes on in the
   * dialplan where it was sent.
   */
  private redirected(entry: Entry): void {
    entry.tail?.();
    const talk = entry.talk;
    if (talk) {
      this.completeCall(entry, talk, 'agent');
      endTalkingLeg(this.office, talk.leg);
      answeredVariables(this.office, entry.chan, this.deps.now() - talk.answeredMs, this.deps.now());
      this.finish(entry);
      return;
    }
    this.stopWaiting(entry);
    this.finish(entry);
  }

  private finish(entry: Entry): void {
    this.entries.splice(this.entries.indexOf(entry), 1);
    delete entry.chan.running;
    delete entry.chan.endedBy;
    for (const c of entry.legs.flatMap(legChannels)) delete c.endedBy;
  }
}

/** The channels of a member's leg: its outgoing channel, ;2, the phone ;2 rang. */
function legChannels(leg: Leg): Chan[] {
  return [leg.one, leg.two, leg.phone].filter((c): c is Chan => c !== null);
}
