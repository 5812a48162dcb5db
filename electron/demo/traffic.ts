/**
 * The demo office's background life: people call in and between desks, phones are answered after
 * a few rings, calls last minutes, some wait on hold, one is recorded and one waits in the parking
 * lot. Pure logic over the Office: each `advance(nowMs)` looks at the clock it is given and acts
 * through the office's own transitions, so every event keeps the office's Asterisk wire shape and
 * a seed plus a clock replay the same day.
 */
import type { Call, Chan, Office } from './office';
import { EXTERNAL_CALLERS, TRAFFIC_PHONES } from './office';
import { rng } from './rng';

export const TRAFFIC_LEVELS = ['off', 'calm', 'lively'] as const;
export type TrafficLevel = (typeof TRAFFIC_LEVELS)[number];

export function isTrafficLevel(text: string): text is TrafficLevel {
  return (TRAFFIC_LEVELS as readonly string[]).includes(text);
}

type Range = readonly [number, number];

/** How busy the office is. Times in seconds. */
export interface Pace {
  /** Calls in progress (distinct linked ids) the office never drops below / rises above on its own. */
  readonly minCalls: number;
  readonly maxCalls: number;
  /** Time between two new calls while below maxCalls. */
  readonly arrival: Range;
  /** How long a phone rings before it is answered. */
  readonly ring: Range;
  /** The share of calls nobody answers: the caller gives up after `giveUp`. */
  readonly unanswered: number;
  readonly giveUp: Range;
  /** How long an answered call lasts. */
  readonly talk: Range;
  /** Calls kept on hold, and for how long each. */
  readonly held: number;
  readonly hold: Range;
  /** How long the parked caller waits before giving up. */
  readonly parked: Range;
  /** Seconds without any event after which someone takes a call off hold (and another goes on). */
  readonly quiet: number;
}

export const PACES: Readonly<Record<Exclude<TrafficLevel, 'off'>, Pace>> = {
  calm: {
    minCalls: 4,
    maxCalls: 7,
    arrival: [10, 25],
    ring: [4, 10],
    unanswered: 0.1,
    giveUp: [10, 25],
    talk: [90, 480],
    held: 1,
    hold: [30, 120],
    parked: [120, 300],
    quiet: 10,
  },
  lively: {
    minCalls: 6,
    maxCalls: 12,
    arrival: [3, 9],
    ring: [2, 6],
    unanswered: 0.2,
    giveUp: [6, 15],
    talk: [30, 180],
    held: 2,
    hold: [15, 60],
    parked: [60, 180],
    quiet: 3,
  },
};

/** The operator's phone (the app's default "My extension"): the office never rings or uses it. */
export const OPERATOR_ENDPOINT = '101';

/**
 * Calls the office starts with and keeps for a long while, so the README's examples find them:
 * `ajam hangup 'PJSIP/102-00000001'` and `ajam redirect 'PJSIP/trunk-00000002' ...`.
 */
const RESIDENT_CALLS: ReadonlyArray<{ readonly from: readonly [string, string]; readonly to: string }> = [
  { from: ['+34911234567', 'Cliente Madrid'], to: '102' },
  { from: ['+34931234567', 'Proveedor BCN'], to: '103' },
];
const RESIDENT_SECONDS: Range = [5400, 7200];
/** Seconds a parked caller may wait on past the planned time before the lot would time it out. */
const PARK_MARGIN_SECONDS = 600;

/** What the traffic plans for a call or a parked channel: when its next step is due. */
interface Plan {
  answerAt?: number;
  /** Nobody picks up: the caller hangs up while it rings. */
  giveUpAt?: number;
  endAt: number;
  holdUntil?: number;
  /** Never held, parked or hung up early: the README's calls. */
  readonly resident: boolean;
}

export class Traffic {
  private readonly random: () => number;
  /** Plans of calls, and of parked channels (which belong to no call). */
  private readonly plans = new Map<Call | Chan, Plan>();
  private nextArrivalMs = 0;
  private eventsSeen = -1;
  private quietSinceMs = 0;
  private nextTransferStepMs = 0;

  constructor(
    private readonly office: Office,
    private readonly pace: Pace,
    seed: number,
  ) {
    // Its own stream: the office's seeded choices stay what they are without traffic.
    this.random = rng(Math.imul(seed, 0x9e3779b1) ^ 0x5eed);
  }

  /**
   * The office as found in the morning: the resident calls, then others up to the middle of the
   * range, all answered and some minutes old, with the holds, the recording and the parked call.
   */
  seed(nowMs: number): void {
    for (const r of RESIDENT_CALLS) {
      const name = this.office.placeCall({ from: r.from[0], fromName: r.from[1], to: r.to });
      const call = this.office.find(name)?.call;
      if (!call) continue;
      this.plans.set(call, { endAt: nowMs + this.seconds(RESIDENT_SECONDS), resident: true });
      this.office.answerCall(call);
    }
    const target = Math.ceil((this.pace.minCalls + this.pace.maxCalls) / 2);
    for (let i = 0; i < target * 2 && this.office.activeCalls() < target; i++) {
      const call = this.placeCall(nowMs);
      if (!call) break;
      this.office.answerCall(call);
      const plan = this.plans.get(call) as Plan;
      delete plan.answerAt;
      delete plan.giveUpAt;
    }
    // Calls already in progress when the office is found: their durations do not all start at 0.
    for (const c of this.office.chans) {
      const age = Math.floor(this.random() * 240) * 1000;
      c.createdMs -= age;
    }
    this.advance(nowMs);
  }

  /** One look at the office at `nowMs`: whatever is due happens. */
  advance(nowMs: number): void {
    this.forget();
    for (const call of [...this.office.officeCalls()]) this.advanceCall(call, nowMs);
    this.advanceParked(nowMs);
    this.keepParked(nowMs);
    this.keepOnHold(nowMs);
    this.keepRecording();
    this.arrive(nowMs);
    this.stepTransfers(nowMs);
    this.stirWhenQuiet(nowMs);
  }

  /** The operator's attended transfers go on too: the target answers after a few rings, and so on. */
  private stepTransfers(nowMs: number): void {
    if (nowMs < this.nextTransferStepMs) return;
    this.nextTransferStepMs = nowMs + this.seconds(this.pace.ring);
    this.office.stepTransfers();
  }

  // ---- what is due ----

  private advanceCall(call: Call, nowMs: number): void {
    if (call.phase === 'done') return;
    const plan = this.planOf(call, nowMs);
    if (call.phase === 'ringing') {
      // Nobody in the demo can pick up the operator's own phone; every other desk answers.
      if (call.callee.endpoint?.id === OPERATOR_ENDPOINT) return;
      if (plan.giveUpAt !== undefined) {
        if (nowMs < plan.giveUpAt) return;
        this.plans.delete(call);
        this.office.farEndHangup(call.caller);
        return;
      }
      plan.answerAt ??= nowMs + this.seconds(this.pace.ring);
      if (nowMs >= plan.answerAt) {
        delete plan.answerAt;
        // Answered later than planned (a plan made up on the way): it still gets its talk.
        if (plan.endAt <= nowMs) plan.endAt = nowMs + this.seconds(this.pace.talk);
        this.office.answerCall(call);
      }
      return;
    }
    if (call.phase === 'held' && plan.holdUntil !== undefined && nowMs >= plan.holdUntil) {
      if (!this.someoneElseHolds(call, nowMs)) {
        // The last call on hold waits a little longer until another can take its place.
        plan.holdUntil = nowMs + 10_000;
        plan.endAt = Math.max(plan.endAt, plan.holdUntil + 10_000);
        return;
      }
      delete plan.holdUntil;
      this.office.unholdCall(call);
      return;
    }
    // The operator's own calls are theirs to end.
    if (nowMs >= plan.endAt && !involvesOperator(call)) {
      if (call.caller.monitorId !== null && !this.recordable(call)) {
        // The recorded call goes on until another can be recorded: the office always has one.
        plan.endAt = nowMs + 15_000;
        return;
      }
      this.plans.delete(call);
      // Either side may put the phone down first.
      this.office.farEndHangup(this.random() < 0.5 ? call.caller : call.callee);
    }
  }

  private advanceParked(nowMs: number): void {
    for (const c of this.office.parked()) {
      const plan = this.plans.get(c);
      if (plan && nowMs >= plan.endAt) {
        if (!this.parkable()) {
          // Nobody to park in its place yet: the caller waits on (well within the lot's timeout).
          plan.endAt = nowMs + 15_000;
          continue;
        }
        this.plans.delete(c);
        // The parked caller tires of the music and hangs up (ParkedCallGiveUp).
        this.office.farEndHangup(c);
      }
    }
  }

  /** Whether another call is on hold, or can be put on hold now (then it is). */
  private someoneElseHolds(call: Call, nowMs: number): boolean {
    if (this.office.officeCalls().some((c) => c !== call && c.phase === 'held')) return true;
    return this.shuffled(this.talking()).some((c) => this.putOnHold(c, nowMs));
  }

  private keepOnHold(nowMs: number): void {
    let held = this.office.officeCalls().filter((c) => c.phase === 'held').length;
    for (const call of this.shuffled(this.talking())) {
      if (held >= this.pace.held) break;
      if (this.putOnHold(call, nowMs)) held++;
    }
  }

  /** Holds a call that may be held: not a resident or recorded one, and with time to talk after. */
  private putOnHold(call: Call, nowMs: number): boolean {
    const plan = this.plans.get(call);
    if (!plan || plan.resident || call.caller.monitorId) return false;
    const until = nowMs + this.seconds(this.pace.hold);
    if (until + 10_000 >= plan.endAt) return false;
    plan.holdUntil = until;
    this.office.holdCall(call);
    return true;
  }

  private keepRecording(): void {
    if (this.office.chans.some((c) => c.monitorId !== null)) return;
    const call = this.recordable();
    if (call) this.office.startMonitor(call.caller);
  }

  /** A call to record next (not a resident one, not `except`). */
  private recordable(except?: Call): Call | undefined {
    return this.shuffled(this.talking()).find((c) => c !== except && !this.plans.get(c)?.resident);
  }

  private keepParked(nowMs: number): void {
    if (this.office.parked().length > 0) return;
    const call = this.parkable();
    if (!call) return;
    if (call.phase === 'held') this.office.unholdCall(call);
    const parkFor = this.seconds(this.pace.parked);
    this.plans.delete(call);
    // The lot's timeout leaves room for a caller who waits on (advanceParked).
    this.office.park(call.caller, Math.ceil(parkFor / 1000) + PARK_MARGIN_SECONDS);
    this.plans.set(call.caller, { endAt: nowMs + parkFor, resident: false });
  }

  /** Reception parks an outside caller until the person they want is free; one on hold if need be. */
  private parkable(): Call | undefined {
    const outside = (c: Call): boolean =>
      c.caller.endpoint === null && !this.plans.get(c)?.resident && !c.caller.monitorId;
    const held = this.office.officeCalls().filter((c) => c.phase === 'held');
    return (
      this.shuffled(this.talking()).find(outside) ??
      // Not the last call on hold: the office always has one.
      (held.length > 1 ? held.find(outside) : undefined)
    );
  }

  private arrive(nowMs: number): void {
    // Below the floor (calls ended together) the office fills up at once; bounded by the desks.
    for (let i = 0; i < TRAFFIC_PHONES.length && this.office.activeCalls() < this.pace.minCalls; i++) {
      if (!this.placeCall(nowMs)) return;
    }
    if (this.office.activeCalls() >= this.pace.maxCalls || nowMs < this.nextArrivalMs) return;
    this.nextArrivalMs = nowMs + this.seconds(this.pace.arrival);
    this.placeCall(nowMs);
  }

  /**
   * Between arrivals an office at its ceiling can go quiet for half a minute; a console watching it
   * should not. After a quiet spell a held call comes back early, and the next look holds another.
   */
  private stirWhenQuiet(nowMs: number): void {
    if (this.office.eventsEmitted !== this.eventsSeen) {
      this.eventsSeen = this.office.eventsEmitted;
      this.quietSinceMs = nowMs;
      return;
    }
    if (nowMs - this.quietSinceMs < this.pace.quiet * 1000) return;
    const held = this.office.officeCalls().filter((c) => c.phase === 'held');
    // Another call goes on hold first, so the office is never without one on hold.
    const holding = this.shuffled(this.talking()).some((c) => this.putOnHold(c, nowMs));
    const back = held[0];
    if (!back || (!holding && held.length < 2)) return;
    const plan = this.plans.get(back);
    if (plan) delete plan.holdUntil;
    this.office.unholdCall(back);
  }

  // ---- helpers ----

  /** A new call to a free desk, from outside or from another free desk; undefined when all are busy. */
  private placeCall(nowMs: number): Call | undefined {
    const free = TRAFFIC_PHONES.filter(
      (e) => e.id !== OPERATOR_ENDPOINT && this.office.deviceStates.get(`PJSIP/${e.id}`) === 'NOT_INUSE',
    );
    const to = this.pick(free);
    if (!to) return undefined;
    const desks = free.filter((e) => e !== to);
    const fromDesk = desks.length > 0 && this.random() < 0.35 ? this.pick(desks) : undefined;
    const [num, name] = fromDesk
      ? [fromDesk.id, fromDesk.name]
      : (this.pick(EXTERNAL_CALLERS) as readonly [string, string]);
    const channel = this.office.placeCall({ from: num, fromName: name, to: to.id });
    const call = this.office.find(channel)?.call ?? undefined;
    if (!call) return undefined;
    const answerAt = nowMs + this.seconds(this.pace.ring);
    const endAt = answerAt + this.seconds(this.pace.talk);
    if (this.random() < this.pace.unanswered) {
      this.plans.set(call, { giveUpAt: nowMs + this.seconds(this.pace.giveUp), endAt, resident: false });
    } else {
      this.plans.set(call, { answerAt, endAt, resident: false });
    }
    return call;
  }

  /** The plan of a call; one the traffic did not place (a redirect, a transfer) gets one too. */
  private planOf(call: Call, nowMs: number): Plan {
    let plan = this.plans.get(call);
    if (!plan) {
      const answerAt = call.phase === 'ringing' ? nowMs + this.seconds(this.pace.ring) : undefined;
      plan = {
        ...(answerAt !== undefined ? { answerAt } : {}),
        endAt: (answerAt ?? nowMs) + this.seconds(this.pace.talk),
        resident: false,
      };
      this.plans.set(call, plan);
    }
    return plan;
  }

  /** Drops the plans of channels that are gone (hung up by the operator, transferred away). */
  private forget(): void {
    const calls = new Set<Call | Chan>(this.office.officeCalls());
    for (const c of this.office.parked()) calls.add(c);
    for (const key of [...this.plans.keys()]) if (!calls.has(key)) this.plans.delete(key);
  }

  private talking(): Call[] {
    return this.office
      .officeCalls()
      .filter((c) => (c.phase === 'up' || c.phase === 'unheld') && !involvesOperator(c));
  }

  private seconds([min, max]: Range): number {
    return Math.round((min + this.random() * (max - min)) * 1000);
  }

  private pick<T>(list: readonly T[]): T | undefined {
    return list.length === 0 ? undefined : list[Math.floor(this.random() * list.length)];
  }

  private shuffled<T>(list: readonly T[]): T[] {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

/** The operator's own calls are theirs to end: the office leaves them alone. */
function involvesOperator(call: Call): boolean {
  return [call.caller, call.callee].some((c) => c.endpoint?.id === OPERATOR_ENDPOINT);
}
