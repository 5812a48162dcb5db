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

export { memberDevice } from '../../../shared/queues';
