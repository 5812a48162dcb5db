/**
 * ConfBridge rooms as the console shows them (issue 9): built from ConfbridgeListRooms and
 * ConfbridgeList at connect, kept live from the Confbridge* events. Pure types; imports nothing.
 */

export interface ConferenceParticipant {
  readonly channel: string;
  readonly uniqueid: string;
  readonly callerIdNum: string;
  readonly callerIdName: string;
  readonly admin: boolean;
  readonly marked: boolean;
  readonly muted: boolean;
  /** Only where talk detection is on (ConfbridgeTalking). */
  readonly talking: boolean;
  /** Epoch ms when the participant joined (time in the room ticks from here). */
  readonly joinedAt: number;
}

export interface ConferenceRoom {
  readonly conference: string;
  readonly locked: boolean;
  readonly recording: boolean;
  readonly participants: readonly ConferenceParticipant[];
}

export interface ConferencesSnapshot {
  readonly rooms: readonly ConferenceRoom[];
}

/** Who a mute, unmute or kick is for: one channel, everyone, or everyone but the admins. */
export type ConferenceTarget = string;
export const CONFERENCE_GROUPS = ['all', 'participants'] as const;

/**
 * The extension a call is sent to for a room: the profile's mapping, else the room's own name (what
 * a dialplan of `exten => <room>,1,ConfBridge(<room>)` dials).
 */
export function roomExtension(
  mapping: Readonly<Record<string, string>> | undefined,
  conference: string,
): string {
  const mapped = mapping?.[conference]?.trim();
  return mapped ? mapped : conference;
}
