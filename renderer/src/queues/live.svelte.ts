/**
 * One queue as the panel holds it: its figures, members and callers are separate reactive cells,
 * so a patch that changes one member re-renders that queue's member list (where unchanged members
 * keep their objects, and so their DOM) and nothing of the other queues.
 */
import {
  EMPTY_QUEUE_HEAD,
  patchMembers,
  queueHead,
  type QueueCaller,
  type QueueHead,
  type QueueMember,
  type QueuePatch,
  type QueueView,
} from '../../../shared/queues';
import { reuseList, shallowSame } from './reuse';

export class LiveQueue implements QueueView {
  readonly queue: string;
  head = $state.raw<QueueHead>(EMPTY_QUEUE_HEAD);
  members = $state.raw<readonly QueueMember[]>([]);
  callers = $state.raw<readonly QueueCaller[]>([]);

  constructor(queue: string) {
    this.queue = queue;
  }

  get strategy(): string {
    return this.head.strategy;
  }
  get serviceLevelSeconds(): number {
    return this.head.serviceLevelSeconds;
  }
  get serviceLevelPerf(): number {
    return this.head.serviceLevelPerf;
  }
  get completed(): number {
    return this.head.completed;
  }
  get abandoned(): number {
    return this.head.abandoned;
  }
  get holdTime(): number {
    return this.head.holdTime;
  }
  get talkTime(): number {
    return this.head.talkTime;
  }
  get loggedIn(): number | undefined {
    return this.head.loggedIn;
  }
  get available(): number | undefined {
    return this.head.available;
  }
  get longestHoldSeconds(): number | undefined {
    return this.head.longestHoldSeconds;
  }

  /** Takes a whole queue (a snapshot), keeping the objects of what did not change. */
  replace(view: QueueView): void {
    this.#setHead(queueHead(view));
    const members = reuseList(this.members, view.members, (m) => m.interface);
    if (members !== this.members) this.members = members;
    const callers = reuseList(this.callers, view.callers, callerKey);
    if (callers !== this.callers) this.callers = callers;
  }

  /** Applies what changed; untouched parts keep their cells quiet. */
  apply(patch: QueuePatch): void {
    if (patch.head) this.#setHead(patch.head);
    if (patch.members || patch.removed) {
      this.members = patchMembers(this.members, patch.members ?? [], patch.removed ?? []);
    }
    if (patch.callers) {
      const callers = reuseList(this.callers, patch.callers, callerKey);
      if (callers !== this.callers) this.callers = callers;
    }
  }

  #setHead(head: QueueHead): void {
    if (!shallowSame(this.head, head)) this.head = head;
  }
}

const callerKey = (c: QueueCaller): string => c.uniqueid || c.channel;
