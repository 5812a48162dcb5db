/** One ConferenceRooms per office, made with it by the server and found by the actions through it. */
import { randomUUID } from 'node:crypto';
import type { Emit, Office } from '../office';
import { ConferenceRooms } from './rooms';

const ROOMS = new WeakMap<Office, ConferenceRooms>();

export function attachConferences(office: Office, emit: Emit, now: () => number): ConferenceRooms {
  const rooms = new ConferenceRooms({ emit, now, uuid: randomUUID });
  ROOMS.set(office, rooms);
  return rooms;
}

export function conferenceRoomsOf(office: Office): ConferenceRooms {
  const rooms = ROOMS.get(office);
  if (!rooms) throw new Error('the office has no conference rooms attached');
  return rooms;
}
