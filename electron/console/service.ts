/**
 * The console service: the main-process side of every contract channel. It owns the live board
 * (one for the app's lifetime; each session resyncs it fresh), at most one PBX session, the
 * per-window board subscriptions, certificate pins for this run, and hands uploads, profiles and
 * settings to their owners through narrow ports. Electron (ipc/electron.ts), the preview's
 * WebSocket bridge and tests all reach it through the router it builds.
 */
import {
  fail,
  ok,
  type AjamFailureCode,
  type ConnectRequest,
  type EventPayloads,
  type IpcResult,
  type RequestPayload,
  type SessionStatus,
} from '../../shared/ipc';
import { notice } from '../../shared/notices';
import type { SoftphoneAccount } from '../../shared/softphone';
import type { BoardSnapshot } from '../../shared/model';
import type { AjamClient, AjamErrorCode, Profile } from '../ajam/api';
import { createRouter, type Handler, type Handlers, type PeerInfo, type Router } from '../ipc/router';
import type { BatchClock } from '../state/patches';
import { createLiveBoard } from '../state/live';
import { createQueuesFeature } from '../features/queues/feature';
import { createSwitchboardFeature } from '../features/switchboard/feature';
import { pipelineHandlers, type PipelineApp } from '../features/pipeline/app';
import type { ReconcileTiming } from '../state/reconcile';
import type { BoardLimits } from '../state/store';
import { createCertificates, type CertificateReader } from './certificates';
import { controlAction, isIpcError, type ControlChannel } from './controls';
import type { ProfilesPort, SoftphoneSources, UploadsPort } from './ports';
import { ConsoleSession } from './session';

// The core's error codes travel as IPC error codes unchanged: keep the two lists in step.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _codesInStep: Same<AjamErrorCode, AjamFailureCode> = true;

export interface ConsoleDeps {
  readonly createClient: (profile: Profile) => AjamClient;
  readonly now?: () => number;
  /** Timers for the patch batcher (tests inject a fake). */
  readonly clock?: BatchClock;
  readonly patchIntervalMs?: number;
  /** The desktop's profile store; absent in the browser preview. */
  readonly profiles?: ProfilesPort;
  /** The upload queue for a session; absent: uploads are unavailable. */
  readonly uploads?: UploadsPort;
  readonly readCertificate?: CertificateReader;
  /** The embedded demo PBX: starts it and says how to connect; absent, `session:connect-demo` is unavailable. */
  readonly demo?: () => Promise<ConnectRequest>;
  /** The softphone's account when the session did not come from a profile with one. */
  readonly softphone?: SoftphoneSources;
  /** The recordings pipeline of the connected profile; absent: `pipeline:*` answer unavailable. */
  readonly pipeline?: PipelineApp;
  readonly log?: (message: string) => void;
  /** How long click-to-dial and spy wait for Asterisk's OriginateResponse (default 60 s). */
  readonly outcomeTimeoutMs?: number;
  /** How often a session lists channels to learn whether the user may read call events (default 60 s). */
  readonly readProbeMs?: number;
  /** When the board is reconciled with the PBX while connected (default: see state/reconcile). */
  readonly reconcileTiming?: ReconcileTiming;
  /** How many channels and endpoints the board holds at most (default: see state/store). */
  readonly boardLimits?: BoardLimits;
}

export interface Console {
  readonly router: Router;
  status(): SessionStatus;
  board(): BoardSnapshot;
  /** The running session's client (uploads, tests). */
  client(): AjamClient | undefined;
  /** The pinned certificate of the running session, if it has one (the softphone's wss trusts it too). */
  sessionPin(): { readonly url: string; readonly sha256: string } | undefined;
  close(): Promise<void>;
}

const CONTROL_CHANNELS: readonly ControlChannel[] = [
  'channels:hangup',
  'channels:redirect',
  'channels:atxfer',
  'channels:park',
  'channels:record-start',
  'channels:record-stop',
  'channels:spy',
  'calls:originate',
];

export function createConsole(deps: ConsoleDeps): Console {
  const now = deps.now ?? Date.now;
  const live = createLiveBoard({
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.patchIntervalMs === undefined ? {} : { intervalMs: deps.patchIntervalMs }),
    ...(deps.boardLimits ? { limits: deps.boardLimits } : {}),
  });
  const switchboard = createSwitchboardFeature({
    live,
    now,
    session: () => session,
    ...(deps.clock ? { clock: deps.clock } : {}),
    emit: {
      patch: (patch, peerId) => router.emit('switchboard:patch', patch, (p) => p.id === peerId),
      snapshot: (board, peerId) => router.emit('switchboard:snapshot', board, (p) => p.id === peerId),
      outcome: (outcome, peerId) => router.emit('switchboard:outcome', outcome, (p) => p.id === peerId),
    },
  });
  const queues = createQueuesFeature({
    now,
    session: () => session,
    emit: {
      snapshot: (snapshot, peerId) => router.emit('queues:snapshot', snapshot, (p) => p.id === peerId),
      patch: (patch, peerId) => router.emit('queues:patch', patch, (p) => p.id === peerId),
    },
  });
  const certificates = createCertificates(deps.readCertificate);
  const boardSubscriptions = new Map<number, () => void>();
  let session: ConsoleSession | undefined;
  let idleStatus: SessionStatus = { state: 'idle', url: '', user: '', since: now() };
  // Which account the softphone registers with follows how the running session was started.
  let softphoneSource:
    { readonly kind: 'profile'; readonly id: string } | { readonly kind: 'demo' | 'plain' } = {
    kind: 'plain',
  };
  // connect/disconnect run one at a time: a second connect waits for the first to settle.
  let sessionQueue: Promise<unknown> = Promise.resolve();

  const currentStatus = (): SessionStatus => session?.status ?? idleStatus;
  const emitStatus = (status: SessionStatus): void => router.emit('session:status', status);

  function serially<T>(run: () => Promise<T>): Promise<T> {
    const next = sessionQueue.then(run, run);
    sessionQueue = next.catch(() => undefined);
    return next;
  }

  async function endSession(): Promise<SessionStatus> {
    const ending = session;
    if (!ending) return currentStatus();
    const status = await ending.close();
    idleStatus = status;
    session = undefined;
    live.clear();
    switchboard.sessionEnded();
    queues.sessionEnded();
    deps.uploads?.sessionEnded();
    void deps.pipeline?.sessionEnded();
    return status;
  }

  function connect(request: ConnectRequest): Promise<IpcResult<SessionStatus>> {
    return serially(async () => {
      await endSession();
      const pinned = request.tls === undefined ? certificates.pinFor(request.url) : undefined;
      const effective: ConnectRequest = pinned
        ? { ...request, tls: { kind: 'fingerprint', sha256: pinned } }
        : request;
      const next = new ConsoleSession(effective, {
        createClient: deps.createClient,
        live,
        now,
        feeds: [switchboard.feed, queues.feed],
        ...(deps.outcomeTimeoutMs === undefined ? {} : { outcomeTimeoutMs: deps.outcomeTimeoutMs }),
        ...(deps.readProbeMs === undefined ? {} : { readProbeMs: deps.readProbeMs }),
        ...(deps.clock ? { clock: deps.clock } : {}),
        ...(deps.reconcileTiming ? { reconcileTiming: deps.reconcileTiming } : {}),
        onStatus: (status) => {
          if (session === next || (session === undefined && status.state === 'closed')) emitStatus(status);
          if (session === next && status.state === 'back') deps.pipeline?.sessionBack();
        },
      });
      session = next;
      const result = await next.start();
      if (!result.ok) {
        idleStatus = next.status;
        if (session === next) session = undefined;
        live.clear();
      } else {
        const client = next.client;
        if (client) deps.uploads?.sessionStarted({ client, request: effective });
        if (client) deps.pipeline?.sessionStarted({ client, request: effective });
      }
      return result;
    });
  }

  function runControl<C extends ControlChannel>(channel: C): Handler<C> {
    return async (payload, { peer }) => {
      const current = session;
      if (!current?.client) return fail('not-connected', notice('console.not-connected'));
      const action = controlAction(channel, payload, current.operator, now());
      if (isIpcError(action)) return { ok: false, error: action };
      // Only the window that asked hears how its call went.
      return current.run(action, (outcome) => router.emit('calls:outcome', outcome, (p) => p.id === peer.id));
    };
  }

  function profilesPort(): ProfilesPort | IpcResult<never> {
    return deps.profiles ?? fail('unavailable', notice('console.no-profiles'));
  }

  function withProfiles<T>(use: (port: ProfilesPort) => T | Promise<T>): Promise<T | IpcResult<never>> {
    const port = profilesPort();
    return Promise.resolve('ok' in port ? port : use(port));
  }

  function uploadsPort<
    C extends 'upload:add' | 'upload:add-content' | 'upload:cancel' | 'upload:retry' | 'upload:list',
  >(
    channel: C,
    use: (port: UploadsPort, payload: RequestPayload<C>, peer: PeerInfo) => ReturnType<Handler<C>>,
  ): Handler<C> {
    return (payload, { peer }) => {
      if (!deps.uploads) return fail('unavailable', notice('console.uploads-unavailable', {}, channel));
      return use(deps.uploads, payload, peer);
    };
  }

  const controls = Object.fromEntries(CONTROL_CHANNELS.map((channel) => [channel, runControl(channel)])) as {
    [C in ControlChannel]: Handler<C>;
  };

  async function softphoneCredentials(): Promise<IpcResult<SoftphoneAccount>> {
    if (!session?.client) return fail('not-connected', notice('console.not-connected'));
    const source = softphoneSource;
    if (source.kind === 'profile') {
      const account = await deps.profiles?.softphoneAccount?.(source.id);
      if (account) return account;
    }
    const from =
      source.kind === 'demo' ? (deps.softphone?.demo ?? deps.softphone?.fixed) : deps.softphone?.fixed;
    return from ? from() : fail('unavailable', notice('softphone.not-configured'));
  }

  /** Runs a connect and, once it succeeded, remembers where the softphone's account comes from. */
  async function connectFrom(
    source: typeof softphoneSource,
    request: ConnectRequest,
  ): Promise<IpcResult<SessionStatus>> {
    const result = await connect(request);
    if (result.ok) softphoneSource = source;
    // A profile's watched folders are watched while connected with it.
    if (result.ok) await deps.pipeline?.useProfile(source.kind === 'profile' ? source.id : undefined);
    return result;
  }

  const handlers: Handlers = {
    'session:connect': (payload) => connectFrom({ kind: 'plain' }, payload),
    'session:connect-profile': async (payload) => {
      const port = profilesPort();
      if ('ok' in port) return port;
      const request = await port.connectRequest(payload);
      return request.ok ? connectFrom({ kind: 'profile', id: payload.profileId }, request.value) : request;
    },
    'softphone:credentials': () => softphoneCredentials(),
    'session:connect-demo': async () => {
      if (!deps.demo) return fail('unavailable', notice('console.demo-unavailable'));
      let request: ConnectRequest;
      try {
        request = await deps.demo();
      } catch (error) {
        return fail('unavailable', notice('console.demo-failed', {}, (error as Error).message));
      }
      return connectFrom({ kind: 'demo' }, request);
    },
    'session:disconnect': async () => ok(await serially(endSession)),
    'session:get-status': () => ok(currentStatus()),
    'board:subscribe': (_payload, { peer }) => {
      boardSubscriptions.get(peer.id)?.();
      let snapshot: BoardSnapshot | undefined;
      const unsubscribe = live.subscribe((update) => {
        if (snapshot === undefined && update.kind === 'snapshot') {
          snapshot = update.board;
          return;
        }
        if (update.kind === 'patch') router.emit('board:patch', update.patch, (p) => p.id === peer.id);
        else router.emit('board:snapshot', update.board, (p) => p.id === peer.id);
      });
      boardSubscriptions.set(peer.id, unsubscribe);
      return ok(snapshot ?? live.board());
    },
    'board:reconcile': async () => ok({ changes: (await session?.reconcile()) ?? 0 }),
    'board:unsubscribe': (_payload, { peer }) => {
      boardSubscriptions.get(peer.id)?.();
      boardSubscriptions.delete(peer.id);
      return ok(null);
    },
    ...controls,
    'upload:add': uploadsPort('upload:add', (port, payload) =>
      port.addPaths(
        payload.files.map((file) => file.path),
        { allowInsecureHttp: payload.allowInsecureHttp ?? false },
      ),
    ),
    'upload:add-content': uploadsPort('upload:add-content', (port, payload) =>
      port.addContents(payload.files, { allowInsecureHttp: payload.allowInsecureHttp ?? false }),
    ),
    'upload:cancel': uploadsPort('upload:cancel', (port, payload) => port.cancel(payload.id)),
    'upload:retry': uploadsPort('upload:retry', (port, payload) => port.retry(payload.id)),
    'upload:list': uploadsPort('upload:list', (port) => ok(port.list())),
    'cert:probe': async (payload) => ok(await certificates.probe(payload.url)),
    'cert:trust': async (payload) => {
      const { profileId } = payload;
      if (profileId !== undefined) {
        // Refused before anything is trusted, even for this run.
        const target = await withProfiles((port) => port.pinTarget(profileId, payload.url));
        if (!target.ok) return target;
      }
      const trusted = await certificates.trust(payload.url, payload.sha256);
      if (!trusted.ok || profileId === undefined) return trusted;
      const pinned = await withProfiles((port) =>
        port.pinFingerprint(profileId, payload.url, trusted.value.sha256),
      );
      if (!pinned.ok) return pinned;
      await emitProfiles();
      return trusted;
    },
    'profiles:list': () => withProfiles(async (port) => ok(await port.list())),
    'profiles:save': (payload) =>
      withProfiles(async (port) => {
        const allowed = (await deps.pipeline?.checkProfile(payload.profile)) ?? ok(null);
        if (!allowed.ok) return allowed;
        const saved = await afterProfiles(port.save(payload));
        if (saved.ok) await deps.pipeline?.profileSaved(saved.value.id);
        return saved;
      }),
    'profiles:delete': (payload) =>
      withProfiles(async (port) => {
        const deleted = await afterProfiles(port.delete(payload));
        // The connected profile gone: its folders are no longer watched.
        if (deleted.ok) await deps.pipeline?.profileSaved(payload.id);
        return deleted;
      }),
    'profiles:select': (payload) => withProfiles((port) => afterProfiles(port.select(payload))),
    'settings:get': () => withProfiles(async (port) => ok(await port.getSettings())),
    'settings:set': (payload) =>
      withProfiles(async (port) => {
        const result = await port.setSettings(payload);
        if (result.ok) router.emit('settings:changed', result.value);
        return result;
      }),
    ...switchboard.handlers,
    ...queues.handlers,
    ...pipelineHandlers(deps.pipeline),
  };

  async function emitProfiles(): Promise<void> {
    if (deps.profiles) router.emit('profiles:changed', await deps.profiles.list());
  }

  async function afterProfiles<T>(result: IpcResult<T> | Promise<IpcResult<T>>): Promise<IpcResult<T>> {
    const settled = await result;
    if (settled.ok) await emitProfiles();
    return settled;
  }

  const router: Router = createRouter(handlers, deps.log ? { log: deps.log } : {});
  router.onDetach((peer) => {
    switchboard.detach(peer.id);
    queues.detach(peer.id);
    boardSubscriptions.get(peer.id)?.();
    boardSubscriptions.delete(peer.id);
  });
  deps.uploads?.onProgress((item) => router.emit('upload:progress', item));
  deps.uploads?.onBatch((result) => router.emit('upload:batch', result));
  // EventPayloads extends the pipeline's events, so each payload is its channel's.
  deps.pipeline?.connect((channel, payload) =>
    router.emit(channel, payload as EventPayloads[typeof channel]),
  );

  return {
    router,
    status: currentStatus,
    board: () => live.board(),
    client: () => session?.client,
    sessionPin: () => {
      const tls = session?.request.tls;
      return session && tls?.kind === 'fingerprint'
        ? { url: session.request.url, sha256: tls.sha256 }
        : undefined;
    },
    async close() {
      await serially(endSession);
      for (const unsubscribe of boardSubscriptions.values()) unsubscribe();
      boardSubscriptions.clear();
      switchboard.close();
      queues.close();
      live.close();
    },
  };
}
