/**
 * queues.conf for the demo: the capture instance's (config/features/queues.conf: `support` with
 * dynamic members only, `sales` with one static member) and the office's three queues.
 */
import { ENDPOINTS } from '../office';
import type { QueueConfig } from './book';

export const CAPTURE_QUEUES: readonly QueueConfig[] = [
  { name: 'support', strategy: 'ringall', serviceLevel: 60, timeoutSeconds: 5, retrySeconds: 2 },
  {
    name: 'sales',
    strategy: 'rrmemory',
    serviceLevel: 0,
    timeoutSeconds: 5,
    retrySeconds: 2,
    members: [{ iface: 'Local/250@agents', name: 'Static Agent', stateInterface: 'Custom:agent250' }],
  },
];

/**
 * The office's queues, answered by phones the background traffic does not ring (so the calls of a
 * quiet office tell no queue events). `soporte` has FreePBX-style members (`Local/<ext>@from-queue/n` whose state
 * comes from `hint:<ext>@ext-local`), so a console must act on the state interface's device.
 */
const nameOf = (id: string): string => ENDPOINTS.find((e) => e.id === id)?.name ?? id;

/** A FreePBX-style member: the call goes through from-queue, the state comes from the extension's hint. */
const freepbx = (id: string) =>
  ({ iface: `Local/${id}@from-queue/n`, name: nameOf(id), stateInterface: `hint:${id}@ext-local` }) as const;
const pjsip = (id: string, penalty = 0) =>
  ({ iface: `PJSIP/${id}`, name: nameOf(id), stateInterface: `PJSIP/${id}`, penalty }) as const;

export const OFFICE_QUEUES: readonly QueueConfig[] = [
  { name: 'soporte', strategy: 'ringall', serviceLevel: 60, members: ['122', '123', '124'].map(freepbx) },
  {
    name: 'ventas',
    strategy: 'rrmemory',
    serviceLevel: 30,
    members: [pjsip('116'), pjsip('117'), pjsip('118', 1)],
  },
  {
    name: 'recepcion',
    strategy: 'leastrecent',
    serviceLevel: 20,
    // The operator's own phone (101) answers reception too, as a static member loaded paused
    // (`member => PJSIP/101,0,…,PJSIP/101,,,yes`): the toolbar's pause toggle has a queue to act on
    // from the first run, and the living office's callers ring it only once the operator unpauses.
    members: [pjsip('115'), pjsip('119'), { ...pjsip('101'), paused: true }],
  },
];
