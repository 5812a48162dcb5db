/**
 * Where a call dropped on a room is sent, and why there: the profile's extension for the room, else
 * the one the dialplan runs ConfBridge(<room>) in (found by main with ShowDialPlan), else the room's
 * own name (what `exten => <room>,1,ConfBridge(<room>)` dials). Pure.
 */
import type { DiscoveredRoomExtension } from '../../../shared/queues-contract';

export type RoomExtensionSource = 'profile' | 'dialplan' | 'name';

export interface RoomTarget {
  readonly exten: string;
  /** Only for a discovered extension: the context it is reached in (else the operator's dial context). */
  readonly context?: string;
  readonly source: RoomExtensionSource;
}

export function roomTarget(
  profileExtensions: Readonly<Record<string, string>> | undefined,
  discovered: Readonly<Record<string, DiscoveredRoomExtension>> | undefined,
  conference: string,
): RoomTarget {
  const mapped = profileExtensions?.[conference]?.trim();
  if (mapped) return { exten: mapped, source: 'profile' };
  const found = discovered?.[conference];
  if (found) return { exten: found.exten, context: found.context, source: 'dialplan' };
  return { exten: conference, source: 'name' };
}
