/**
 * app_queue as the demo simulates it: queues, their members and waiting callers, the counters
 * QueueStatus / QueueSummary print, and the events (class agent) Asterisk 22 sends when they change
 * (captures 20a–20m). I/O-free: events go out through `emit`, device states through `devices`.
 */
import type { Lines } from '../office';
import { EVENT_FLAG } from '../permissions';

export interface QueueConfig {
  readonly name: string;
  readonly strategy: string;
  /** queues.conf servicelevel (0 when unset). */
  readonly serviceLevel: number;
  /** queues.conf timeout: how long a member rings (app_queue's default 15 s). */
  readonly timeoutSeconds?: number;
  /** queues.conf retry: the pause before members are rung again (default 5 s). */
  readonly retrySeconds?: number;
  readonly members?: ReadonlyArray<{
    readonly iface: string;
    readonly name: string;
    readonly stateInterface: string;
    readonly penalty?: number;
    /** queues.conf `member => …,paused` (7th field): paused from load on, with no reason. */
    readonly paused?: boolean;
  }>;
}

export interface Member {
  readonly iface: string;
  readonly name: string;
  readonly stateInterface: string;
  readonly dynamic: boolean;
  penalty: number;
  callsTaken: number;
  lastCall: number;
  lastPause: number;
  readonly loginTime: number;
  inCall: boolean;
  paused: boolean;
  pausedReason: string;
}

export interface Caller {
  readonly channel: string;
  readonly uniqueid: string;
  readonly lines: Lines;
  /** The channel's fields as they are now, for a caller that is a channel of the office (else `lines`). */
  readonly current?: () => Lines;
  readonly callerIdNum: string;
  readonly callerIdName: string;
  readonly connectedNum: string;
  readonly connectedName: string;
  readonly joinedMs: number;
  readonly originalPosition: number;
}

export interface Queue {
  readonly config: QueueConfig;
  /** Newest first: app_queue's members container lists the last added first (20e, 20j). */
  readonly members: Member[];
  readonly callers: Caller[];
  holdtime: number;
  talktime: number;
  completed: number;
  abandoned: number;
  completedInSl: number;
  abandonedInSl: number;
  avail: string | undefined;
}

/** What the book needs from the PBX around it. */
export interface QueueDeps {
  readonly emit: (category: number, event: string, lines: Lines) => void;
  /** A state interface's current device state (UNKNOWN for a Custom: never set). */
  readonly deviceState: (stateInterface: string) => string;
  /** The device whose changes a state interface follows (`hint:102@ext-local` follows PJSIP/102). */
  readonly device: (stateInterface: string) => string;
  /** Publishes an internal device state (Queue:<q>_avail, Queue:<q>_pause_<iface>) as DeviceStateChange. */
  readonly setDevice: (device: string, state: string) => void;
  readonly now: () => number;
}

/** devicestate.h's enum ast_device_state: the member's Status number. */
const DEVICE_NUMBER: Readonly<Record<string, number>> = {
  UNKNOWN: 0,
  NOT_INUSE: 1,
  INUSE: 2,
  BUSY: 3,
  INVALID: 4,
  UNAVAILABLE: 5,
  RINGING: 6,
  RINGINUSE: 7,
  ONHOLD: 8,
};

/** The typed errors app_queue answers with (the action layer prints them). */
export type QueueResult =
  'ok' | 'no-queue' | 'exists' | 'not-there' | 'not-dynamic' | 'not-found' | 'invalid-penalty';

export class QueueBook {
  readonly queues: Queue[] = [];

  constructor(
    configs: readonly QueueConfig[],
    private readonly deps: QueueDeps,
  ) {
    const login = Math.floor(deps.now() / 1000);
    for (const config of configs) {
      const q: Queue = {
        config,
        members: [],
        callers: [],
        holdtime: 0,
        talktime: 0,
        completed: 0,
        abandoned: 0,
        completedInSl: 0,
        abandonedInSl: 0,
        avail: undefined,
      };
      for (const m of config.members ?? []) {
        const member = newMember(m.iface, m.name, m.stateInterface, false, m.penalty ?? 0, login);
        // create_queue_member(): a member loaded paused has its last pause at load time.
        if (m.paused) Object.assign(member, { paused: true, lastPause: login });
        q.members.unshift(member);
      }
      // app_queue publishes Queue:<q>_avail as it loads: later changes are told, this one is not.
      q.avail = q.members.length > 0 ? this.availOf(q) : undefined;
      this.queues.push(q);
    }
  }

  private availOf(q: Queue): string {
    return q.members.some((m) => !m.paused && isAvailable(this.status(m))) ? 'NOT_INUSE' : 'INUSE';
  }

  find(name: string): Queue | undefined {
    return this.queues.find((q) => q.config.name.toLowerCase() === name.toLowerCase());
  }

  status(m: Member): number {
    return DEVICE_NUMBER[this.deps.deviceState(m.stateInterface)] ?? 0;
  }

  /** Fields of the member events (QueueMemberAdded/Removed/Pause/Penalty/Status). */
  memberEventLines(q: Queue, m: Member): Lines {
    return [
      ['Queue', q.config.name],
      ['MemberName', m.name],
      ['Interface', m.iface],
      ['StateInterface', m.stateInterface],
      ['Membership', m.dynamic ? 'dynamic' : 'static'],
      ['Penalty', String(m.penalty)],
      ['CallsTaken', String(m.callsTaken)],
      ['LastCall', String(m.lastCall)],
      ['LastPause', String(m.lastPause)],
      ['LoginTime', String(m.loginTime)],
      ['InCall', m.inCall ? '1' : '0'],
      ['Status', String(this.status(m))],
      ['Paused', m.paused ? '1' : '0'],
      ['PausedReason', m.pausedReason],
      ['Ringinuse', '0'],
      ['Wrapuptime', '0'],
    ];
  }

  /** The status list's QueueMember: `Name` / `Location` instead of the events' keys, no Ringinuse. */
  memberListLines(q: Queue, m: Member): Lines {
    return [
      ['Queue', q.config.name],
      ['Name', m.name],
      ['Location', m.iface],
      ['StateInterface', m.stateInterface],
      ['Membership', m.dynamic ? 'dynamic' : 'static'],
      ['Penalty', String(m.penalty)],
      ['CallsTaken', String(m.callsTaken)],
      ['LastCall', String(m.lastCall)],
      ['LastPause', String(m.lastPause)],
      ['LoginTime', String(m.loginTime)],
      ['InCall', m.inCall ? '1' : '0'],
      ['Status', String(this.status(m))],
      ['Paused', m.paused ? '1' : '0'],
      ['PausedReason', m.pausedReason],
      ['Wrapuptime', '0'],
    ];
  }

  paramsLines(q: Queue): Lines {
    const perf = q.completed > 0 ? (q.completedInSl * 100) / q.completed : 0;
    const all = q.completed + q.abandoned;
    const perf2 = all > 0 ? ((q.completedInSl + q.abandonedInSl) * 100) / all : 0;
    return [
      ['Queue', q.config.name],
      ['Max', '0'],
      ['Strategy', q.config.strategy],
      ['Calls', String(q.callers.length)],
      ['Holdtime', String(q.holdtime)],
      ['TalkTime', String(q.talktime)],
      ['Completed', String(q.completed)],
      ['Abandoned', String(q.abandoned)],
      ['ServiceLevel', String(q.config.serviceLevel)],
      ['ServicelevelPerf', perf.toFixed(1)],
      ['ServicelevelPerf2', perf2.toFixed(1)],
      ['Weight', '0'],
    ];
  }

  entryLines(q: Queue, c: Caller, position: number): Lines {
    return [
      ['Queue', q.config.name],
      ['Position', String(position)],
      ['Channel', c.channel],
      ['Uniqueid', c.uniqueid],
      ['CallerIDNum', c.callerIdNum || 'unknown'],
      ['CallerIDName', c.callerIdName || 'unknown'],
      ['ConnectedLineNum', c.connectedNum || 'unknown'],
      ['ConnectedLineName', c.connectedName || 'unknown'],
      ['Wait', String(this.waitSeconds(c))],
      ['Priority', '0'],
    ];
  }

  summaryLines(q: Queue): Lines {
    let loggedIn = 0;
    let available = 0;
    for (const m of q.members) {
      const s = this.status(m);
      if (s === DEVICE_NUMBER['UNAVAILABLE'] || s === DEVICE_NUMBER['INVALID']) continue;
      loggedIn++;
      if (isAvailable(s) && !m.paused) available++;
    }
    const first = q.callers[0];
    return [
      ['Queue', q.config.name],
      ['LoggedIn', String(loggedIn)],
      ['Available', String(available)],
      ['Callers', String(q.callers.length)],
      ['HoldTime', String(q.holdtime)],
      ['TalkTime', String(q.talktime)],
      ['LongestHoldTime', String(first ? this.waitSeconds(first) : 0)],
    ];
  }

  /** `time(NULL) - qe->start`: whole seconds of the wall clock, as app_queue counts them. */
  waitSeconds(c: Caller): number {
    return Math.floor(this.deps.now() / 1000) - Math.floor(c.joinedMs / 1000);
  }

  // ---- changes ----

  add(
    queueName: string,
    iface: string,
    name: string,
    stateInterface: string,
    penalty: number,
    paused: boolean,
    reason: string,
  ): QueueResult {
    const q = this.find(queueName);
    if (!q) return 'no-queue';
    if (q.members.some((m) => sameIface(m.iface, iface))) return 'exists';
    const m = newMember(
      iface,
      name || iface,
      stateInterface || iface,
      true,
      penalty,
      Math.floor(this.deps.now() / 1000),
    );
    if (paused) {
      m.paused = true;
      m.pausedReason = reason;
      m.lastPause = Math.floor(this.deps.now() / 1000);
    }
    q.members.unshift(m);
    this.deps.setDevice(pauseDevice(q, m), m.paused ? 'INUSE' : 'NOT_INUSE');
    this.agent('QueueMemberAdded', this.memberEventLines(q, m));
    this.updateAvail(q);
    return 'ok';
  }

  remove(queueName: string, iface: string): QueueResult {
    const q = this.find(queueName);
    if (!q) return 'no-queue';
    const m = q.members.find((x) => sameIface(x.iface, iface));
    if (!m) return 'not-there';
    if (!m.dynamic) return 'not-dynamic';
    q.members.splice(q.members.indexOf(m), 1);
    this.agent('QueueMemberRemoved', this.memberEventLines(q, m));
    this.updateAvail(q);
    return 'ok';
  }

  /** QueuePause: in one queue, or (no queue) in every queue the interface belongs to. */
  pause(queueName: string, iface: string, paused: boolean, reason: string): QueueResult {
    const targets = this.memberships(queueName, iface);
    if (targets.length === 0) return 'not-found';
    for (const [q, m] of targets) {
      m.paused = paused;
      // app_queue clears the reason on unpause and keeps LastPause as when the pause began.
      m.pausedReason = paused ? reason : '';
      if (paused) m.lastPause = Math.floor(this.deps.now() / 1000);
      this.deps.setDevice(pauseDevice(q, m), paused ? 'INUSE' : 'NOT_INUSE');
      this.agent('QueueMemberPause', this.memberEventLines(q, m));
      this.updateAvail(q);
    }
    return 'ok';
  }

  penalty(queueName: string, iface: string, penalty: number): QueueResult {
    if (!Number.isInteger(penalty) || penalty < 0) return 'invalid-penalty';
    const targets = this.memberships(queueName, iface);
    if (targets.length === 0) return 'invalid-penalty';
    for (const [q, m] of targets) {
      m.penalty = penalty;
      this.agent('QueueMemberPenalty', this.memberEventLines(q, m));
    }
    return 'ok';
  }

  /** A state interface changed: QueueMemberStatus for every membership following it (20d, 20g). */
  deviceChanged(device: string): void {
    for (const q of this.queues) {
      for (const m of q.members) {
        if (this.deps.device(m.stateInterface).toLowerCase() !== device.toLowerCase()) continue;
        this.agent('QueueMemberStatus', this.memberEventLines(q, m));
        this.updateAvail(q);
      }
    }
  }

  /** A caller enters the queue (QueueCallerJoin carries the channel's own fields, then Queue/Position/Count). */
  join(queueName: string, caller: Omit<Caller, 'joinedMs' | 'originalPosition'>): boolean {
    const q = this.find(queueName);
    if (!q) return false;
    const full: Caller = { ...caller, joinedMs: this.deps.now(), originalPosition: q.callers.length + 1 };
    q.callers.push(full);
    if (q.callers.length === 1) this.deps.setDevice(`Queue:${q.config.name}`, 'RINGING');
    this.agent('QueueCallerJoin', [
      ...linesOf(caller),
      ['Queue', q.config.name],
      ['Position', String(q.callers.length)],
      ['Count', String(q.callers.length)],
    ]);
    return true;
  }

  /** The caller hung up while waiting: QueueCallerAbandon, then QueueCallerLeave (20j). */
  abandon(queueName: string, channel: string): boolean {
    const q = this.find(queueName);
    const i = q ? q.callers.findIndex((c) => c.channel === channel) : -1;
    if (!q || i < 0) return false;
    const c = q.callers[i] as Caller;
    const hold = this.waitSeconds(c);
    q.abandoned++;
    if (hold <= q.config.serviceLevel) q.abandonedInSl++;
    this.agent('QueueCallerAbandon', [
      ...linesOf(c),
      ['Queue', q.config.name],
      ['Position', String(i + 1)],
      ['OriginalPosition', String(c.originalPosition)],
      ['HoldTime', String(hold)],
    ]);
    this.leave(q, i);
    return true;
  }

  /**
   * try_calling() once a member answered: recalc_holdtime() and whether the call was answered
   * within the service level, then leave_queue() (QueueCallerLeave). Undefined when not waiting.
   */
  answered(
    queueName: string,
    channel: string,
  ): { position: number; hold: number; inSl: boolean } | undefined {
    const q = this.find(queueName);
    const i = q ? q.callers.findIndex((c) => c.channel === channel) : -1;
    if (!q || i < 0) return undefined;
    const hold = this.waitSeconds(q.callers[i] as Caller);
    q.holdtime = q.completed + q.abandoned === 0 ? hold : ((q.holdtime << 2) - q.holdtime + hold) >> 2;
    this.leave(q, i);
    return { position: i + 1, hold, inSl: hold <= q.config.serviceLevel };
  }

  /** AgentConnect: the caller's channel, the member's (`Dest…`), then the queue's fields; the member is in a call. */
  agentConnect(
    queueName: string,
    iface: string,
    caller: Omit<Caller, 'joinedMs' | 'originalPosition'>,
    memberLines: Lines,
    hold: number,
    ringSeconds: number,
  ): void {
    const q = this.find(queueName);
    const m = q?.members.find((x) => sameIface(x.iface, iface));
    if (!q || !m) return;
    m.inCall = true;
    this.agent('AgentConnect', [
      ...linesOf(caller),
      ...memberLines,
      ['Queue', q.config.name],
      ['Interface', m.iface],
      ['MemberName', m.name],
      ['HoldTime', String(hold)],
      ['RingTime', String(ringSeconds)],
    ]);
  }

  /** The call with a member ended: AgentComplete, then update_queue() counts it (20h, 20i). */
  complete(
    queueName: string,
    iface: string,
    caller: Omit<Caller, 'joinedMs' | 'originalPosition'>,
    holdSeconds: number,
    talkSeconds: number,
    memberLines: Lines,
    reason: 'caller' | 'agent' = 'caller',
    inSl = holdSeconds <= (this.find(queueName)?.config.serviceLevel ?? 0),
  ): void {
    const q = this.find(queueName);
    const m = q?.members.find((x) => sameIface(x.iface, iface));
    if (!q || !m) return;
    this.agent('AgentComplete', [
      ...linesOf(caller),
      ...memberLines,
      ['Queue', q.config.name],
      ['Interface', m.iface],
      ['MemberName', m.name],
      ['HoldTime', String(holdSeconds)],
      ['TalkTime', String(talkSeconds)],
      ['Reason', reason],
    ]);
    m.inCall = false;
    m.callsTaken++;
    m.lastCall = Math.floor(this.deps.now() / 1000);
    q.completed++;
    if (inSl) q.completedInSl++;
    // update_queue(): the first completed call sets the talk time, later ones weigh in 1:3.
    q.talktime = q.completed === 1 ? talkSeconds : ((q.talktime << 2) - q.talktime + talkSeconds) >> 2;
  }

  private leave(q: Queue, index: number): void {
    const [c] = q.callers.splice(index, 1);
    if (!c) return;
    if (q.callers.length === 0) this.deps.setDevice(`Queue:${q.config.name}`, 'NOT_INUSE');
    this.agent('QueueCallerLeave', [
      ...linesOf(c),
      ['Queue', q.config.name],
      ['Position', String(index + 1)],
      ['Count', String(q.callers.length)],
    ]);
  }

  private memberships(queueName: string, iface: string): Array<readonly [Queue, Member]> {
    const out: Array<readonly [Queue, Member]> = [];
    for (const q of queueName ? [this.find(queueName)] : this.queues) {
      const m = q?.members.find((x) => sameIface(x.iface, iface));
      if (q && m) out.push([q, m]);
    }
    return out;
  }

  /** Queue:<q>_avail: NOT_INUSE while some member could take a call, told only when it changes. */
  private updateAvail(q: Queue): void {
    const state = this.availOf(q);
    if (state === q.avail) return;
    q.avail = state;
    this.deps.setDevice(`Queue:${q.config.name}_avail`, state);
  }

  private agent(event: string, lines: Lines): void {
    this.deps.emit(EVENT_FLAG.agent, event, lines);
  }
}

function linesOf(c: Omit<Caller, 'joinedMs' | 'originalPosition'>): Lines {
  return c.current?.() ?? c.lines;
}

function newMember(
  iface: string,
  name: string,
  stateInterface: string,
  dynamic: boolean,
  penalty: number,
  loginTime: number,
): Member {
  return {
    iface,
    name,
    stateInterface,
    dynamic,
    penalty,
    callsTaken: 0,
    lastCall: 0,
    lastPause: 0,
    loginTime,
    inCall: false,
    paused: false,
    pausedReason: '',
  };
}

/** member_status_available(): a member whose device is free or unknown can be rung. */
function isAvailable(status: number): boolean {
  return status === DEVICE_NUMBER['NOT_INUSE'] || status === DEVICE_NUMBER['UNKNOWN'];
}

function sameIface(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function pauseDevice(q: Queue, m: Member): string {
  return `Queue:${q.config.name}_pause_${m.iface}`;
}
