/**
 * The queue controls as AMI requests (app_queue's actions; they need the manager `agent` write
 * class). Pure: each plan is the action and its fields; the caller sends it and shows Asterisk's
 * answer as it comes (e.g. `Interface not found` for a pause of a non-member, 20l).
 */
import { hasControlCharacter } from '../../../shared/ipc';

export interface QueueStep {
  readonly action: string;
  readonly fields: Readonly<Record<string, string>>;
}

export interface PauseRequest {
  readonly interface: string;
  /** Absent: every queue the interface is a member of (20j). */
  readonly queue?: string;
  readonly paused: boolean;
  readonly reason?: string;
}

export interface AddMemberRequest {
  readonly queue: string;
  readonly interface: string;
  readonly name?: string;
  readonly stateInterface?: string;
  readonly penalty?: number;
  readonly paused?: boolean;
  readonly reason?: string;
}

export interface RemoveMemberRequest {
  readonly queue: string;
  readonly interface: string;
}

export interface PenaltyRequest {
  readonly interface: string;
  readonly penalty: number;
  readonly queue?: string;
}

/** Refuses a value Asterisk would copy raw into every manager client's event stream. */
export function safeFields(fields: Record<string, string>): Readonly<Record<string, string>> {
  for (const [key, value] of Object.entries(fields)) {
    if (hasControlCharacter(value)) throw new Error(`${key} may not contain control characters`);
  }
  return fields;
}

export function pausePlan(r: PauseRequest): QueueStep {
  return {
    action: 'QueuePause',
    fields: safeFields({
      Interface: r.interface,
      Paused: r.paused ? 'true' : 'false',
      ...(r.queue ? { Queue: r.queue } : {}),
      ...(r.paused && r.reason ? { Reason: r.reason } : {}),
    }),
  };
}

export function addMemberPlan(r: AddMemberRequest): QueueStep {
  return {
    action: 'QueueAdd',
    fields: safeFields({
      Queue: r.queue,
      Interface: r.interface,
      ...(r.name ? { MemberName: r.name } : {}),
      ...(r.stateInterface ? { StateInterface: r.stateInterface } : {}),
      ...(r.penalty !== undefined ? { Penalty: String(r.penalty) } : {}),
      ...(r.paused ? { Paused: 'true' } : {}),
      ...(r.paused && r.reason ? { Reason: r.reason } : {}),
    }),
  };
}

export function removeMemberPlan(r: RemoveMemberRequest): QueueStep {
  return { action: 'QueueRemove', fields: safeFields({ Queue: r.queue, Interface: r.interface }) };
}

export function penaltyPlan(r: PenaltyRequest): QueueStep {
  return {
    action: 'QueuePenalty',
    fields: safeFields({
      Interface: r.interface,
      Penalty: String(r.penalty),
      ...(r.queue ? { Queue: r.queue } : {}),
    }),
  };
}

/**
 * The device a member's state, spy and transfer act on: the state interface when it names one
 * (FreePBX's `hint:101@ext-local` stands for PJSIP/101 through the hint; `Local/101@from-queue/n`
 * is only how the queue reaches it), else the interface itself.
 */
export function memberDevice(member: {
  readonly interface: string;
  readonly stateInterface: string;
}): string {
  const hint = /^hint:([^@]+)@/i.exec(member.stateInterface);
  if (hint) return `PJSIP/${hint[1] as string}`;
  if (member.stateInterface && member.stateInterface !== member.interface) return member.stateInterface;
  const local = /^Local\/([^@]+)@from-queue(?:\/n)?$/i.exec(member.interface);
  return local ? `PJSIP/${local[1] as string}` : member.interface;
}
