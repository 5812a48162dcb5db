/**
 * The switchboard inside the console service: the live switchboard fed by the session (events,
 * lists after each sync) and by the live board (who talks to whom), the windows' subscriptions,
 * and the controls, run on the current session. The service holds one for the app's lifetime.
 */
import type { AmiMessage } from '../../../shared/ami';
import {
  fail,
  ok,
  type ActionDone,
  type CallOutcome,
  type IpcResult,
  type RequestPayload,
} from '../../../shared/ipc';
import type { BoardUpdate } from '../../../shared/model';
import { notice } from '../../../shared/notices';
import type {
  SwitchboardOutcome,
  SwitchboardPatch,
  SwitchboardRequestChannel,
  SwitchboardSnapshot,
} from '../../../shared/switchboard';
import type { AjamClient } from '../../ajam/api';
import { AjamError } from '../../ajam/errors';
import type { Capabilities } from '../../console/capabilities';
import type { AmiAction, OperatorContext } from '../../console/controls';
import type { SessionFeed } from '../../console/session';
import { describeThrown, type Handler } from '../../ipc/router';
import type { LiveBoard } from '../../state/live';
import type { BatchClock } from '../../state/patches';
import type { BoardLists } from '../../state/snapshot';
import {
  assertSafe,
  callPlan,
  dndPlan,
  forwardPlan,
  isRefusal,
  parkPlan,
  pickupPlan,
  transferPlan,
  unparkPlan,
  type ChannelFacts,
  type Confirmation,
  type Refusal,
  type SwitchboardPlan,
} from './actions';
import { switchboardLimits } from './limits';
import { LiveSwitchboard } from './live';
import {
  applyAstdb,
  applyEndpointDetails,
  buildSwitchboardState,
  fetchAstdb,
  fetchEndpointDetails,
  fetchSwitchboardLists,
} from './snapshot';
import { devicesOf } from './view';
import { ConfirmationWatch } from './watch';

/** What the switchboard needs of the running session (ConsoleSession has it). */
export interface SwitchboardSessionPort {
  readonly client: AjamClient | undefined;
  readonly operator: OperatorContext;
  readonly capabilities: Capabilities | undefined;
  run(action: AmiAction, onOutcome?: (outcome: CallOutcome) => void): Promise<IpcResult<ActionDone>>;
}

export interface SwitchboardEmitter {
  patch(patch: SwitchboardPatch, peerId: number): void;
  snapshot(board: SwitchboardSnapshot, peerId: number): void;
  outcome(outcome: SwitchboardOutcome, peerId: number): void;
}

export interface SwitchboardFeatureDeps {
  readonly live: LiveBoard;
  readonly session: () => SwitchboardSessionPort | undefined;
  readonly emit: SwitchboardEmitter;
  readonly now: () => number;
  readonly clock?: BatchClock;
  /** Waits for confirmations (tests shorten them). */
  readonly confirmTimeoutsMs?: Partial<Record<Confirmation['kind'], number>>;
  readonly nextRequestId?: () => string;
  /** How often AstDB's DND and CF are read again (default 30 s; 0: never). */
  readonly astdbRefreshMs?: number;
}

let requestCounter = 0;
function nextSwitchboardId(): string {
  requestCounter += 1;
  return `ajam-sb-${Date.now().toString(36)}-${requestCounter}`;
}

export interface SwitchboardFeature {
  readonly feed: SessionFeed;
  readonly handlers: { readonly [C in SwitchboardRequestChannel]: Handler<C> };
  readonly switchboard: LiveSwitchboard;
  /** The session ended: nothing to show, nothing to wait for. */
  sessionEnded(): void;
  /** A window went away. */
  detach(peerId: number): void;
  close(): void;
}

export function createSwitchboardFeature(deps: SwitchboardFeatureDeps): SwitchboardFeature {
  const switchboard = new LiveSwitchboard(deps.clock ? { clock: deps.clock } : {});
  const watch = new ConfirmationWatch(deps.confirmTimeoutsMs ? { timeoutsMs: deps.confirmTimeoutsMs } : {});
  const subscriptions = new Map<number, () => void>();
  const nextId = deps.nextRequestId ?? nextSwitchboardId;
  let generation = 0;
  let astdbTimer: ReturnType<typeof setTimeout> | undefined;

  /** AstDB sends no events (24a): DND and forward set elsewhere are read again now and then. */
  function refreshAstdb(client: AjamClient, caps: Capabilities | undefined, mine: number): void {
    const every = deps.astdbRefreshMs ?? 30_000;
    if (every <= 0) return;
    clearTimeout(astdbTimer);
    astdbTimer = setTimeout(() => {
      void fetchAstdb(client, caps)
        .then((lists) => {
          if (mine !== generation || !lists) return;
          applyAstdb(switchboard.state, { dnd: lists.dnd ?? [], forward: lists.forward ?? [] });
          switchboard.changed();
        })
        .catch(() => undefined)
        .finally(() => {
          if (mine === generation) refreshAstdb(client, caps, mine);
        });
    }, every);
    astdbTimer.unref?.();
  }

  const offBoard = deps.live.subscribe((update: BoardUpdate) => switchboard.board(update));

  const feed: SessionFeed = {
    event(event: AmiMessage): void {
      switchboard.push(event);
      watch.feed(event);
    },
    async resync(client, caps, lists: BoardLists): Promise<void> {
      const mine = ++generation;
      const own = await fetchSwitchboardLists(client, caps, {
        ...(lists.hints ? { hints: lists.hints } : {}),
        ...(lists.devices ? { devices: lists.devices } : {}),
        ...(lists.endpoints ? { endpoints: lists.endpoints } : {}),
        ...(lists.parked ? { parked: lists.parked } : {}),
      });
      if (mine !== generation) return;
      const state = buildSwitchboardState(own, deps.now());
      const operator = deps.session()?.operator.operatorEndpoint;
      switchboard.load(state, switchboardLimits(caps, operator));
      refreshAstdb(client, caps, mine);
      // Caller ID names come one endpoint at a time: after the grid is shown.
      const names = [...state.endpoints.keys()];
      void fetchEndpointDetails(client, caps, names)
        .then((details) => {
          if (mine !== generation || details.length === 0) return;
          applyEndpointDetails(switchboard.state, details);
          switchboard.changed();
        })
        .catch(() => undefined);
    },
  };

  function unsubscribe(peerId: number): void {
    subscriptions.get(peerId)?.();
    subscriptions.delete(peerId);
  }

  function factsOf(channelName: string): ChannelFacts {
    const channel = switchboard.calls.byName(channelName);
    if (!channel) return {};
    const peer = switchboard.calls.peerOf(channel);
    return { uniqueid: channel.uniqueid, ...(peer ? { peer: peer.channel } : {}) };
  }

  function refusal(value: Refusal): IpcResult<never> {
    return fail(value.code, value.refused);
  }

  /** Sends one step; a refusal by Asterisk reads as the plan's failure with Asterisk's words. */
  async function send(client: AjamClient, plan: SwitchboardPlan, index: number): Promise<IpcResult<string>> {
    const step = plan.steps[index];
    if (!step) return ok('');
    assertSafe(step);
    try {
      const reply = await client.send(step.action, step.fields);
      return ok(reply.fields['message'] ?? 'Success');
    } catch (error) {
      if (error instanceof AjamError && error.code === 'action-failed') {
        const words = (error.pbxMessage ?? error.notice.detail ?? '').trim();
        if (step.alreadyDone?.test(words)) return ok(words);
        return fail('action-failed', { ...plan.failed, ...(words ? { detail: words } : {}) });
      }
      return { ok: false, error: describeThrown(error) };
    }
  }

  async function runPlan(
    plan: SwitchboardPlan | Refusal,
    peerId: number,
    after?: () => void,
  ): Promise<IpcResult<ActionDone>> {
    if (isRefusal(plan)) return refusal(plan);
    const session = deps.session();
    const client = session?.client;
    if (!session || !client) return fail('not-connected', notice('console.not-connected'));
    const report = (outcome: SwitchboardOutcome): void => deps.emit.outcome(outcome, peerId);
    if (plan.originate) {
      const step = plan.steps[0];
      if (!step) return fail('internal', notice('internal'));
      assertSafe(step);
      const control = plan.control as SwitchboardOutcome['control'];
      // With a confirmation, the operator's phone answering is not yet the pickup or unpark:
      // the watch waits for Asterisk's Pickup / UnParkedCall (registered before sending, as the
      // events may come before the reply; reported under the Originate's id once it is known).
      const held: { id?: string; early?: SwitchboardOutcome } = {};
      const localId = plan.confirm ? nextId() : undefined;
      if (localId && plan.confirm) {
        watch.expect(localId, { control, target: plan.target, exten: '', confirm: plan.confirm }, (o) => {
          if (held.id) report({ ...o, requestId: held.id });
          else held.early = o;
        });
      }
      const result = await session.run(
        {
          action: step.action,
          fields: step.fields,
          outcome: plan.originate,
          done: plan.done,
          failed: plan.failed,
        },
        (outcome) => {
          if (localId && outcome.ok) return;
          if (localId) watch.forget(localId);
          report({
            requestId: outcome.requestId,
            control,
            target: plan.target,
            ok: outcome.ok,
            notice: outcome.notice,
            message: outcome.message,
          });
        },
      );
      if (!result.ok) {
        if (localId) watch.forget(localId);
        return result;
      }
      if (result.value.requestId) held.id = result.value.requestId;
      if (held.early && held.id) report({ ...held.early, requestId: held.id });
      return result;
    }
    let requestId: string | undefined;
    if (plan.confirm) {
      requestId = nextId();
      const exten = plan.steps[0]?.fields['Exten'] ?? '';
      watch.expect(
        requestId,
        {
          control: plan.control as SwitchboardOutcome['control'],
          target: plan.target,
          exten,
          confirm: plan.confirm,
        },
        report,
      );
    }
    let message = '';
    for (let i = 0; i < plan.steps.length; i++) {
      const sent = await send(client, plan, i);
      if (!sent.ok) {
        if (requestId) watch.forget(requestId);
        return sent;
      }
      message = sent.value;
    }
    after?.();
    return ok({
      message,
      notice: { ...plan.done, ...(message ? { detail: message } : {}) },
      ...(requestId ? { requestId } : {}),
    });
  }

  function context(): OperatorContext {
    return deps.session()?.operator ?? { dialContext: 'from-internal' };
  }

  /** The extension named by a request: its hint in the context given, else any with that number. */
  function ringingAt(exten: string, contextName: string | undefined): string | undefined {
    const state = switchboard.state;
    const ids = state
      .idsForExten(exten)
      .filter((id) => contextName === undefined || id.endsWith(`@${contextName}`));
    for (const id of ids) {
      const ringing = switchboard.calls.ringing(devicesOf(state, id));
      if (ringing) return ringing.channel;
    }
    return undefined;
  }

  const handlers: SwitchboardFeature['handlers'] = {
    'switchboard:subscribe': (_payload, { peer }) => {
      unsubscribe(peer.id);
      let first = true;
      let initial: SwitchboardSnapshot | undefined;
      const off = switchboard.subscribe((update) => {
        if (first && update.kind === 'snapshot') {
          first = false;
          initial = update.board;
          return;
        }
        if (update.kind === 'patch') deps.emit.patch(update.patch, peer.id);
        else deps.emit.snapshot(update.board, peer.id);
      });
      subscriptions.set(peer.id, off);
      return ok(initial ?? switchboard.snapshot());
    },
    'switchboard:unsubscribe': (_payload, { peer }) => {
      unsubscribe(peer.id);
      return ok(null);
    },
    'switchboard:call': (payload, { peer }) => runPlan(callPlan(payload, context()), peer.id),
    'switchboard:transfer': (payload, { peer }) =>
      runPlan(transferPlan(payload, factsOf(payload.channel), context()), peer.id),
    'switchboard:pickup': (payload, { peer }) =>
      runPlan(pickupPlan(payload, ringingAt(payload.exten, payload.context), context()), peer.id),
    'switchboard:park': (payload, { peer }) => runPlan(parkPlan(payload, factsOf(payload.channel)), peer.id),
    'switchboard:unpark': (payload: RequestPayload<'switchboard:unpark'>, { peer }) => {
      const key = `${payload.lot}/${payload.space}`;
      if (!switchboard.state.parked.has(key)) {
        return fail(
          'invalid-request',
          notice('switchboard.not-parked', { lot: payload.lot, space: payload.space }),
        );
      }
      return runPlan(
        unparkPlan(payload, context(), switchboard.state.parkContexts.get(payload.space)),
        peer.id,
      );
    },
    // AstDB writes send no event (24a): the state takes what was written once Asterisk agreed.
    'switchboard:dnd': (payload, { peer }) =>
      runPlan(dndPlan(payload), peer.id, () => {
        switchboard.state.setDnd(payload.exten, payload.on);
        switchboard.changed();
      }),
    'switchboard:forward': (payload, { peer }) =>
      runPlan(forwardPlan(payload), peer.id, () => {
        switchboard.state.setForward(payload.exten, payload.number);
        switchboard.changed();
      }),
  };

  return {
    feed,
    handlers,
    switchboard,
    sessionEnded(): void {
      generation += 1;
      clearTimeout(astdbTimer);
      watch.close();
      switchboard.clear();
    },
    detach: unsubscribe,
    close(): void {
      generation += 1;
      clearTimeout(astdbTimer);
      offBoard();
      watch.close();
      for (const off of subscriptions.values()) off();
      subscriptions.clear();
      switchboard.close();
    },
  };
}
