/**
 * One ConferenceRooms per office, made with it by the server and found by the actions through it,
 * with the ConfBridge() application its dialplan runs and the thread steps that application waits on.
 */
import { randomUUID } from 'node:crypto';
import type { Emit, Office } from '../office';
import { ConfBridgeApp } from './confbridge-app';
import { answerLocalPair } from './local-app';
import { ConferenceRooms } from './rooms';
import { Threads } from './threads';

interface Attached {
  readonly rooms: ConferenceRooms;
  readonly app: ConfBridgeApp;
  readonly threads: Threads;
}

const ATTACHED = new WeakMap<Office, Attached>();

/** A step of a channel's thread runs after the work that queued it (Asterisk's threads run apart). */
const soon = (work: () => void): void => {
  setTimeout(work, 0);
};

export function attachConferences(
  office: Office,
  emit: Emit,
  now: () => number,
  later: (work: () => void) => void = soon,
): ConferenceRooms {
  const rooms = new ConferenceRooms({ emit, now, uuid: randomUUID });
  const threads = new Threads(later);
  const app = new ConfBridgeApp(office, rooms, threads, randomUUID);
  // An originated Local pair whose ;2 runs Answer(), ConfBridge(<room>) (800@demo, 21b).
  office.localApps.set('ConfBridge', (run) => {
    threads.queue(run.two.name, 'answer', () => {
      if (!answerLocalPair(office, run)) return;
      threads.queue(run.two.name, 'ConfBridge', () => {
        if (!office.chans.includes(run.two)) return;
        run.two.priority = 2;
        app.start(run.two, run.data);
      });
    });
  });
  // A channel whose dialplan gets to ConfBridge() (a call sent to the office's room, 900@from-internal).
  office.dialplanApps.set('ConfBridge', (c, data) => app.start(c, data));
  ATTACHED.set(office, { rooms, app, threads });
  return rooms;
}

function attached(office: Office): Attached {
  const found = ATTACHED.get(office);
  if (!found) throw new Error('the office has no conference rooms attached');
  return found;
}

export function conferenceRoomsOf(office: Office): ConferenceRooms {
  return attached(office).rooms;
}

/** The ConfBridge() application of the office's dialplan. */
export function confBridgeOf(office: Office): ConfBridgeApp {
  return attached(office).app;
}

/** The channels' thread steps the conferences wait on (a test may hold them: threads.ts). */
export function conferenceThreadsOf(office: Office): Threads {
  return attached(office).threads;
}
