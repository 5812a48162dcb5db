/**
 * Queues and conference rooms inside the console service: the session feeds them (every event;
 * QueueStatus and the ConfBridge lists after each sync), windows subscribe, and the controls run
 * on the current session with Asterisk's answer as the notice's detail.
 */
import type { AmiMessage } from '../../../shared/ami';
import { fail, ok, type ActionDone, type IpcResult } from '../../../shared/ipc';
import {
  notice,
  type ConferenceControlName,
  type Notice,
  type QueueControlName,
} from '../../../shared/notices';
import type { ConferenceRoom } from '../../../shared/conferences';
import type {
  DiscoveredRoomExtension,
  QueuesRequestChannel,
  RoomsPatch,
  RoomsSnapshot,
} from '../../../shared/queues-contract';
import type { AjamClient } from '../../ajam/api';
import { AjamError } from '../../ajam/errors';
import type { Capabilities } from '../../console/capabilities';
import { mayRun } from '../../console/capabilities';
import type { SessionFeed } from '../../console/session';
import { describeThrown, type Handler } from '../../ipc/router';
import { joinRoomPlan, kickPlan, lockPlan, mutePlan, recordPlan } from '../conferences/actions';
import {
  parseDialplan,
  roomExtensionFromDialplan,
  roomExtensionsFromDialplan,
  type Dialplan,
} from '../conferences/dialplan';
import { ConferenceBoard } from '../conferences/reducer';
import { fetchConferences, fetchDialplan } from '../conferences/snapshot';
import { addMemberPlan, pausePlan, penaltyPlan, removeMemberPlan, type QueueStep } from './actions';
import { QueueBoard } from './reducer';
import { fetchQueueStatus, fetchQueueSummary } from './snapshot';

export interface QueuesSessionPort {
  readonly client: AjamClient | undefined;
  readonly operator: { readonly dialContext: string };
}

export interface QueuesFeatureDeps {
  readonly session: () => QueuesSessionPort | undefined;
  readonly emit: {
    /** Everything, to replace what a window holds (after a connect, resync or session end). */
    readonly snapshot: (snapshot: RoomsSnapshot, peerId: number) => void;
    /** Only the queues that changed, and in them only what changed; the rooms when they did. */
    readonly patch: (patch: RoomsPatch, peerId: number) => void;
  };
  readonly now: () => number;
  /** How long changes gather before one patch goes out (default 30 ms, as the board's). */
  readonly intervalMs?: number;
}

export interface QueuesFeature {
  readonly feed: SessionFeed;
  readonly handlers: { readonly [C in QueuesRequestChannel]: Handler<C> };
  /** The state now (tests, benchmarks). */
  snapshot(): RoomsSnapshot;
  sessionEnded(): void;
  detach(peerId: number): void;
  close(): void;
}

export function createQueuesFeature(deps: QueuesFeatureDeps): QueuesFeature {
  const queues = new QueueBoard();
  const rooms = new ConferenceBoard();
  const peers = new Set<number>();
  const interval = deps.intervalMs ?? 30;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  /** A load or a session end happened: the next message is a whole snapshot. */
  let whole = false;
  let roomsChanged = false;

  /** The dialplan read at connect (undefined: not allowed or not read). */
  let dialplan: Dialplan | undefined;
  /**
   * What the dialplan says per room, worked out once per connect: a large dialplan has thousands of
   * priorities and the rooms change with every join, leave and ConfbridgeTalking.
   */
  let fixedRooms: Record<string, DiscoveredRoomExtension> = {};
  const byPattern = new Map<string, DiscoveredRoomExtension | null>();

  const dialContext = (): string => deps.session()?.operator.dialContext ?? 'from-internal';

  function readDialplan(plan: Dialplan | undefined): void {
    dialplan = plan;
    fixedRooms = plan ? roomExtensionsFromDialplan(plan, dialContext()) : {};
    byPattern.clear();
  }

  /** Each room's extension as the dialplan has it: the fixed ones, and the rooms open now (a pattern may enter them). */
  function discovered(open: readonly ConferenceRoom[]): RoomsSnapshot['discovered'] {
    if (!dialplan) return undefined;
    const found = { ...fixedRooms };
    for (const room of open) {
      if (found[room.conference]) continue;
      let one = byPattern.get(room.conference);
      if (one === undefined) {
        one = roomExtensionFromDialplan(dialplan, room.conference, dialContext()) ?? null;
        byPattern.set(room.conference, one);
      }
      if (one) found[room.conference] = one;
    }
    return found;
  }

  const snapshot = (): RoomsSnapshot => {
    const open = rooms.snapshot().rooms;
    const found = discovered(open);
    return { queues: queues.snapshot().queues, rooms: open, ...(found ? { discovered: found } : {}) };
  };
  const roomsNow = (): Pick<RoomsPatch, 'rooms' | 'discovered'> => {
    const open = rooms.snapshot().rooms;
    const found = discovered(open);
    return { rooms: open, ...(found ? { discovered: found } : {}) };
  };

  function flush(): void {
    timer = undefined;
    if (whole) {
      whole = false;
      roomsChanged = false;
      queues.takePatches();
      const now = snapshot();
      for (const peer of peers) deps.emit.snapshot(now, peer);
      return;
    }
    const patches = queues.takePatches();
    const patch: RoomsPatch = {
      queues: patches,
      ...(roomsChanged ? roomsNow() : {}),
    };
    roomsChanged = false;
    if (patches.length === 0 && !patch.rooms) return;
    for (const peer of peers) deps.emit.patch(patch, peer);
  }

  function changed(): void {
    if (timer !== undefined || peers.size === 0) return;
    timer = setTimeout(flush, interval);
  }

  function reloaded(): void {
    whole = true;
    changed();
  }

  const feed: SessionFeed = {
    event(event: AmiMessage): void {
      const now = deps.now();
      if (queues.apply(event, now)) changed();
      else if (rooms.apply(event, now)) {
        roomsChanged = true;
        changed();
      }
    },
    async resync(client: AjamClient, caps: Capabilities | undefined): Promise<void> {
      const mine = ++generation;
      const status = mayRun(caps, 'QueueStatus') ? await fetchQueueStatus(client).catch(() => []) : [];
      const summary = mayRun(caps, 'QueueSummary') ? await fetchQueueSummary(client).catch(() => []) : [];
      const lists = mayRun(caps, 'ConfbridgeListRooms')
        ? await fetchConferences(client).catch(() => ({ rooms: [], lists: new Map() }))
        : { rooms: [], lists: new Map() };
      const plan = mayRun(caps, 'ShowDialPlan')
        ? await fetchDialplan(client).catch(() => undefined)
        : undefined;
      if (mine !== generation) return;
      readDialplan(plan ? parseDialplan(plan) : undefined);
      const now = deps.now();
      queues.load(status, now, summary);
      rooms.load(lists.rooms, lists.lists, now);
      reloaded();
    },
  };

  async function run(
    step: QueueStep,
    done: Notice,
    failed: Notice,
    after?: () => void,
  ): Promise<IpcResult<ActionDone>> {
    const client = deps.session()?.client;
    if (!client) return fail('not-connected', notice('console.not-connected'));
    try {
      const reply = await client.send(step.action, step.fields);
      const message = reply.fields['message'] ?? 'Success';
      after?.();
      return ok({ message, notice: { ...done, detail: message } });
    } catch (error) {
      if (error instanceof AjamError && error.code === 'action-failed') {
        const words = (error.pbxMessage ?? '').trim();
        return fail('action-failed', { ...failed, ...(words ? { detail: words } : {}) });
      }
      return { ok: false, error: describeThrown(error) };
    }
  }

  const queueNotices = (control: QueueControlName, member: string, queue = ''): [Notice, Notice] => [
    notice('queue.done', { control, member, queue }),
    notice('queue.failed', { control, member, queue }),
  ];
  const roomNotices = (
    control: ConferenceControlName,
    target: string,
    conference: string,
  ): [Notice, Notice] => [
    notice('conference.done', { control, target, conference }),
    notice('conference.failed', { control, target, conference }),
  ];

  const handlers: QueuesFeature['handlers'] = {
    'queues:subscribe': (_payload, { peer }) => {
      // With no window before, the changes gathered so far are already in this snapshot.
      if (peers.size === 0) {
        queues.takePatches();
        roomsChanged = false;
        whole = false;
      }
      peers.add(peer.id);
      return ok(snapshot());
    },
    'queues:unsubscribe': (_payload, { peer }) => {
      peers.delete(peer.id);
      return ok(null);
    },
    'queues:pause': (p) =>
      run(
        pausePlan({
          interface: p.interface,
          paused: p.paused,
          ...(p.queue ? { queue: p.queue } : {}),
          ...(p.reason ? { reason: p.reason } : {}),
        }),
        ...queueNotices(p.paused ? 'pause' : 'unpause', p.interface, p.queue),
      ),
    'queues:add': (p) =>
      run(
        addMemberPlan({
          queue: p.queue,
          interface: p.interface,
          ...(p.name ? { name: p.name } : {}),
          ...(p.stateInterface ? { stateInterface: p.stateInterface } : {}),
          ...(p.penalty === undefined ? {} : { penalty: p.penalty }),
          ...(p.paused ? { paused: true } : {}),
          ...(p.reason ? { reason: p.reason } : {}),
        }),
        ...queueNotices('add', p.name ?? p.interface, p.queue),
      ),
    'queues:remove': (p) =>
      run(
        removeMemberPlan({ queue: p.queue, interface: p.interface }),
        ...queueNotices('remove', p.interface, p.queue),
      ),
    'queues:penalty': (p) =>
      run(
        penaltyPlan({ interface: p.interface, penalty: p.penalty, ...(p.queue ? { queue: p.queue } : {}) }),
        ...queueNotices('penalty', p.interface, p.queue),
      ),
    'conferences:mute': (p) =>
      run(
        mutePlan(p.conference, p.target, p.muted),
        ...roomNotices(p.muted ? 'mute' : 'unmute', p.target, p.conference),
      ),
    'conferences:kick': (p) =>
      run(kickPlan(p.conference, p.target), ...roomNotices('kick', p.target, p.conference)),
    // Lock and unlock send no event (21g): the room shows it once Asterisk agreed.
    'conferences:lock': (p) =>
      run(
        lockPlan(p.conference, p.locked),
        ...roomNotices(p.locked ? 'lock' : 'unlock', '', p.conference),
        () => {
          if (!rooms.setLocked(p.conference, p.locked)) return;
          roomsChanged = true;
          changed();
        },
      ),
    'conferences:record': (p) =>
      run(
        recordPlan(p.conference, p.on),
        ...roomNotices(p.on ? 'record-start' : 'record-stop', '', p.conference),
      ),
    'conferences:join': (p) => {
      const context = p.context ?? dialContext();
      return run(
        joinRoomPlan(p.channel, context, p.exten ?? p.conference),
        ...roomNotices('join', p.channel, p.conference),
      );
    },
  };

  return {
    feed,
    handlers,
    snapshot,
    sessionEnded(): void {
      generation += 1;
      queues.clear();
      rooms.clear();
      readDialplan(undefined);
      reloaded();
    },
    detach(peerId: number): void {
      peers.delete(peerId);
    },
    close(): void {
      generation += 1;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      peers.clear();
    },
  };
}
