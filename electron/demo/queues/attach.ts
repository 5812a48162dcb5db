/**
 * One QueueBook per office: made when the server builds the office (and again after a restart),
 * found by the actions through the office they are given.
 */
import type { Emit, Office } from '../office';
import type { QueueConfig } from './book';
import { QueueBook } from './book';
import { QueueCalls } from './calls';
import { attachQueueApp } from './queue-app';

const BOOKS = new WeakMap<Office, QueueBook>();
const CALLS = new WeakMap<Office, QueueCalls>();

/**
 * The device a state interface follows: FreePBX's `hint:<ext>@<ctx>` members take the state of the
 * extension's phone, anything else is a device name already.
 */
export function stateDevice(stateInterface: string): string {
  const m = /^hint:([^@]+)@/i.exec(stateInterface);
  return m ? `PJSIP/${m[1] as string}` : stateInterface;
}

export function attachQueues(
  office: Office,
  configs: readonly QueueConfig[],
  emit: Emit,
  now: () => number,
  /** Work Asterisk's threads do a moment later (the server's timer; at once by default). */
  defer: (work: () => void) => void = (work) => work(),
): QueueBook {
  const book = new QueueBook(configs, {
    emit,
    deviceState: (si) => office.deviceState(stateDevice(si)),
    device: stateDevice,
    setDevice: (device, state) => office.setDevice(device, state),
    now,
  });
  office.deviceWatchers.push((device) => book.deviceChanged(device));
  BOOKS.set(office, book);
  const calls = new QueueCalls(office, book, { now, defer });
  CALLS.set(office, calls);
  attachQueueApp(office, calls);
  return book;
}

/** The office's callers in Queue(): the server advances their timers, the office's life answers its phones. */
export function queueCallsOf(office: Office): QueueCalls {
  const calls = CALLS.get(office);
  if (!calls) throw new Error('the office has no queues attached');
  return calls;
}

export function queueBookOf(office: Office): QueueBook {
  const book = BOOKS.get(office);
  if (!book) throw new Error('the office has no queues attached');
  return book;
}
