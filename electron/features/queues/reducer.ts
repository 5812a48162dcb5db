/**
 * Queues from AMI messages. Pure: the QueueStatus list (QueueParams, QueueMember, QueueEntry) seeds
 * the state, then app_queue's events (class agent) change it. The status list and the events name
 * a member differently (`Name`/`Location` vs `MemberName`/`Interface`, captures 20b vs 20e).
 */
import { eventName, get, type AmiMessage } from '../../../shared/ami';
import {
  EMPTY_QUEUE_HEAD,
  memberState,
  queueHead,
  type QueueCaller,
  type QueueMember,
  type QueuePatch,
  type QueuesSnapshot,
  type QueueView,
} from '../../../shared/queues';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface QueueState extends Omit<Mutable<QueueView>, 'members' | 'callers'> {
  members: Map<string, QueueMember>;
  callers: QueueCaller[];
  /** QueueParams seen: its averages win over the summary's. */
  params: boolean;
  /** QueueSummary seen: the counts are kept from the members from then on. */
  summed: boolean;
}

/** What changed in one queue since the last `takePatches()`. */
interface Dirty {
  head: boolean;
  members: Set<string>;
  removed: Set<string>;
  callers: boolean;
}

const int = (m: AmiMessage, key: string): number => {
  const n = Number.parseInt(get(m, key) ?? '', 10);
  return Number.isFinite(n) ? n : 0;
};
const float = (m: AmiMessage, key: string): number => {
  const n = Number.parseFloat(get(m, key) ?? '');
  return Number.isFinite(n) ? n : 0;
};
const str = (m: AmiMessage, key: string): string => get(m, key) ?? '';

/** A member from QueueMember (status list) or any QueueMember* event. */
export function readMember(m: AmiMessage, before?: QueueMember): QueueMember {
  const listed = eventName(m) === 'QueueMember';
  const iface = str(m, listed ? 'Location' : 'Interface');
  return {
    interface: iface,
    name: str(m, listed ? 'Name' : 'MemberName') || iface,
    stateInterface: str(m, 'StateInterface') || iface,
    dynamic: str(m, 'Membership') !== 'static',
    penalty: int(m, 'Penalty'),
    status: memberState(int(m, 'Status')),
    paused: str(m, 'Paused') === '1',
    pausedReason: str(m, 'PausedReason'),
    lastPause: int(m, 'LastPause'),
    callsTaken: int(m, 'CallsTaken'),
    lastCall: int(m, 'LastCall'),
    inCall: str(m, 'InCall') === '1',
    ringing: before?.ringing ?? false,
    wrapupSeconds: int(m, 'Wrapuptime'),
  };
}

function emptyQueue(name: string): QueueState {
  return {
    queue: name,
    ...EMPTY_QUEUE_HEAD,
    members: new Map(),
    callers: [],
    params: false,
    summed: false,
  };
}

/**
 * app_queue's manager_queues_summary(): logged in unless UNAVAILABLE or INVALID; available when
 * free (NOT_INUSE or UNKNOWN), not paused and out of wrap-up (the queue's wrap-up time is not in
 * QueueStatus, so the member's own Wrapuptime stands for it).
 */
function recount(q: QueueState, now: number): boolean {
  if (!q.summed) return false;
  let loggedIn = 0;
  let available = 0;
  for (const m of q.members.values()) {
    if (m.status === 'UNAVAILABLE' || m.status === 'INVALID') continue;
    loggedIn++;
    const wrapping = m.lastCall > 0 && m.wrapupSeconds > 0 && now / 1000 - m.wrapupSeconds < m.lastCall;
    if ((m.status === 'NOT_INUSE' || m.status === 'UNKNOWN') && !m.paused && !wrapping) available++;
  }
  const changed = q.loggedIn !== loggedIn || q.available !== available;
  q.loggedIn = loggedIn;
  q.available = available;
  return changed;
}

export class QueueBoard {
  private readonly queues = new Map<string, QueueState>();
  private readonly dirty = new Map<string, Dirty>();

  /**
   * Replaces everything with a QueueStatus answer's items (at connect and after a resync), and
   * QueueSummary's counts when the user could ask for them.
   */
  load(items: readonly AmiMessage[], now: number, summary: readonly AmiMessage[] = []): void {
    this.queues.clear();
    for (const m of items) {
      const name = str(m, 'Queue');
      if (!name) continue;
      switch (eventName(m)) {
        case 'QueueParams': {
          const q = this.queue(name);
          q.strategy = str(m, 'Strategy');
          q.serviceLevelSeconds = int(m, 'ServiceLevel');
          q.serviceLevelPerf = float(m, 'ServicelevelPerf');
          q.completed = int(m, 'Completed');
          q.abandoned = int(m, 'Abandoned');
          q.holdTime = int(m, 'Holdtime');
          q.talkTime = int(m, 'TalkTime');
          q.params = true;
          break;
        }
        case 'QueueMember': {
          const member = readMember(m);
          this.queue(name).members.set(member.interface, member);
          break;
        }
        case 'QueueEntry':
          this.queue(name).callers.push({
            position: int(m, 'Position'),
            channel: str(m, 'Channel'),
            uniqueid: str(m, 'Uniqueid'),
            callerIdNum: unknownless(str(m, 'CallerIDNum')),
            callerIdName: unknownless(str(m, 'CallerIDName')),
            joinedAt: now - int(m, 'Wait') * 1000,
          });
          break;
      }
    }
    for (const q of this.queues.values()) q.callers.sort((a, b) => a.position - b.position);
    for (const m of summary) {
      const name = str(m, 'Queue');
      if (eventName(m) !== 'QueueSummary' || !name) continue;
      const q = this.queue(name);
      q.summed = true;
      q.loggedIn = int(m, 'LoggedIn');
      q.available = int(m, 'Available');
      q.longestHoldSeconds = int(m, 'LongestHoldTime');
      if (!q.params) {
        q.holdTime = int(m, 'HoldTime');
        q.talkTime = int(m, 'TalkTime');
      }
    }
    // A load goes out whole; nothing before it is left to patch.
    this.dirty.clear();
  }

  clear(): void {
    this.queues.clear();
    this.dirty.clear();
  }

  /**
   * The queues that changed since the last call, each with only what changed, and forgets them
   * (main sends these instead of whole snapshots; a load or clear is sent whole instead).
   */
  takePatches(): QueuePatch[] {
    const out: QueuePatch[] = [];
    for (const [name, d] of this.dirty) {
      const q = this.queues.get(name);
      if (!q) continue;
      const members: QueueMember[] = [];
      for (const iface of d.members) {
        const m = q.members.get(iface);
        if (m) members.push(m);
      }
      out.push({
        queue: name,
        ...(d.head ? { head: queueHead(this.view(q)) } : {}),
        ...(members.length ? { members } : {}),
        ...(d.removed.size ? { removed: [...d.removed] } : {}),
        ...(d.callers ? { callers: [...q.callers] } : {}),
      });
    }
    this.dirty.clear();
    return out;
  }

  /** One live event; true when it changed what a console shows. */
  apply(m: AmiMessage, now: number): boolean {
    const event = eventName(m);
    const name = str(m, 'Queue');
    if (!event || !name) return false;
    switch (event) {
      case 'QueueMemberAdded':
      case 'QueueMemberPause':
      case 'QueueMemberPenalty':
      case 'QueueMemberStatus':
      case 'QueueMemberRinginuse': {
        const q = this.queue(name);
        const iface = str(m, 'Interface');
        q.members.set(iface, readMember(m, q.members.get(iface)));
        this.touchMember(name, iface);
        if (recount(q, now)) this.touchHead(name);
        return true;
      }
      case 'QueueMemberRemoved': {
        const q = this.queue(name);
        const iface = str(m, 'Interface');
        const gone = q.members.delete(iface);
        if (gone) this.touchMember(name, iface, true);
        if (recount(q, now)) this.touchHead(name);
        return gone;
      }
      case 'QueueCallerJoin': {
        const q = this.queue(name);
        const uniqueid = str(m, 'Uniqueid');
        q.callers = q.callers.filter((c) => c.uniqueid !== uniqueid);
        q.callers.push({
          position: int(m, 'Position'),
          channel: str(m, 'Channel'),
          uniqueid,
          callerIdNum: unknownless(str(m, 'CallerIDNum')),
          callerIdName: unknownless(str(m, 'CallerIDName')),
          joinedAt: now,
        });
        q.callers.sort((a, b) => a.position - b.position);
        this.mark(name).callers = true;
        return true;
      }
      case 'QueueCallerLeave': {
        const q = this.queue(name);
        const uniqueid = str(m, 'Uniqueid');
        const before = q.callers.length;
        // app_queue moves everyone behind the leaver up one place.
        q.callers = q.callers
          .filter((c) => c.uniqueid !== uniqueid)
          .map((c, i) => (c.position === i + 1 ? c : { ...c, position: i + 1 }));
        if (q.callers.length === before) return false;
        this.mark(name).callers = true;
        return true;
      }
      case 'QueueCallerAbandon':
        this.queue(name).abandoned += 1;
        this.touchHead(name);
        return true;
      case 'AgentCalled':
        return this.setMember(name, str(m, 'Interface'), { ringing: true });
      case 'AgentRingNoAnswer':
        return this.setMember(name, str(m, 'Interface'), { ringing: false });
      case 'AgentConnect':
        return this.setMember(name, str(m, 'Interface'), { ringing: false, inCall: true });
      case 'AgentComplete': {
        const q = this.queue(name);
        const member = q.members.get(str(m, 'Interface'));
        // app_queue's recalc_holdtime(): a running average weighted 3:1 toward the old value.
        q.holdTime = ((q.holdTime << 2) - q.holdTime + int(m, 'HoldTime')) >> 2;
        q.talkTime = ((q.talkTime << 2) - q.talkTime + int(m, 'TalkTime')) >> 2;
        q.completed += 1;
        this.touchHead(name);
        if (member) {
          q.members.set(member.interface, {
            ...member,
            inCall: false,
            callsTaken: member.callsTaken + 1,
            lastCall: Math.floor(now / 1000),
          });
          this.touchMember(name, member.interface);
        }
        recount(q, now);
        return true;
      }
      default:
        return false;
    }
  }

  snapshot(): QueuesSnapshot {
    return { queues: [...this.queues.values()].map((q) => this.view(q)) };
  }

  private view({ params: _params, summed: _summed, ...q }: QueueState): QueueView {
    return { ...q, members: [...q.members.values()], callers: [...q.callers] };
  }

  private mark(queue: string): Dirty {
    let d = this.dirty.get(queue);
    if (!d) {
      d = { head: false, members: new Set(), removed: new Set(), callers: false };
      this.dirty.set(queue, d);
    }
    return d;
  }

  private touchHead(queue: string): void {
    this.mark(queue).head = true;
  }

  private touchMember(queue: string, iface: string, removed = false): void {
    const d = this.mark(queue);
    if (removed) {
      d.members.delete(iface);
      d.removed.add(iface);
    } else {
      d.removed.delete(iface);
      d.members.add(iface);
    }
  }

  /** Every queue that has `iface` as a member (pause without a queue acts on all of them). */
  queuesOf(iface: string): string[] {
    return [...this.queues.values()].filter((q) => q.members.has(iface)).map((q) => q.queue);
  }

  private setMember(queue: string, iface: string, change: Partial<Mutable<QueueMember>>): boolean {
    const q = this.queues.get(queue);
    const member = q?.members.get(iface);
    if (!q || !member) return false;
    q.members.set(iface, { ...member, ...change });
    this.touchMember(queue, iface);
    return true;
  }

  private queue(name: string): QueueState {
    let q = this.queues.get(name);
    if (!q) {
      q = emptyQueue(name);
      this.queues.set(name, q);
      // A queue first seen in an event (app_queue's realtime queues) goes out with its head.
      this.touchHead(name);
    }
    return q;
  }
}

/** app_queue prints `unknown` for an empty caller ID in QueueEntry; the console shows nothing. */
function unknownless(text: string): string {
  return text === 'unknown' || text === '<unknown>' ? '' : text;
}
