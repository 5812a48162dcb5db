/**
 * The conference controls as AMI requests (app_confbridge). Mute, unmute, kick, lock and unlock
 * need the `call` write class, recording needs `system`. Pure.
 */
import { safeFields, type QueueStep } from '../queues/actions';

export type ConferenceStep = QueueStep;

/** `target` is a channel, `all`, or `participants` (everyone but the admins). */
export function mutePlan(conference: string, target: string, muted: boolean): ConferenceStep {
  return {
    action: muted ? 'ConfbridgeMute' : 'ConfbridgeUnmute',
    fields: safeFields({ Conference: conference, Channel: target }),
  };
}

export function kickPlan(conference: string, target: string): ConferenceStep {
  return { action: 'ConfbridgeKick', fields: safeFields({ Conference: conference, Channel: target }) };
}

export function lockPlan(conference: string, locked: boolean): ConferenceStep {
  return {
    action: locked ? 'ConfbridgeLock' : 'ConfbridgeUnlock',
    fields: safeFields({ Conference: conference }),
  };
}

export function recordPlan(conference: string, on: boolean): ConferenceStep {
  return {
    action: on ? 'ConfbridgeStartRecord' : 'ConfbridgeStopRecord',
    fields: safeFields({ Conference: conference }),
  };
}

/** A call dropped on a room: redirected to the room's extension (per profile) in its context. */
export function joinRoomPlan(channel: string, context: string, exten: string): ConferenceStep {
  return {
    action: 'Redirect',
    fields: safeFields({ Channel: channel, Context: context, Exten: exten, Priority: '1' }),
  };
}
