/**
 * A profile's `roomExtensions` (format 5) read back from disk or an import file. Pure. A room whose
 * extension does not read is dropped with a note, and a section that is not a map at all goes
 * whole: a hand edit must not cost the profile itself, as a strict parse of the profile would.
 */
import * as v from 'valibot';
import { RoomExtensionsSchema } from '../../shared/ipc';

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function repairRoomExtensions(profile: Raw, label: string, notes: string[]): Raw {
  if (!('roomExtensions' in profile)) return profile;
  const { roomExtensions: section, ...rest } = profile;
  if (section === undefined) return rest;
  if (!isRecord(section)) {
    notes.push(`profile "${label}": the room extensions were dropped: they are not a list of rooms`);
    return rest;
  }
  const kept: Record<string, string> = {};
  for (const [room, exten] of Object.entries(section)) {
    const one = v.safeParse(RoomExtensionsSchema, { [room]: exten });
    if (one.success && Object.keys(kept).length < 500) kept[room] = exten as string;
    else notes.push(`profile "${label}": the extension of room "${room}" was dropped: it does not read`);
  }
  return { ...rest, roomExtensions: kept };
}
