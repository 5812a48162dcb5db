/**
 * One connected PBX session: its AjamClient, the status the banner shows, and the feed from the
 * client into the live board (events as they come, the list actions after every (re)login).
 * The service owns at most one of these at a time.
 */
import { get, type AmiMessage } from '../../shared/ami';
import {
  fail,
  ipcError,
  ok,
  type ActionDone,
  type CallOutcome,
  type ConnectRequest,
  type IpcError,
  type IpcResult,
  type SessionStatus,
} from '../../shared/ipc';
import { notice } from '../../shared/notices';
import type { AjamClient, ConnectionStatus, Profile } from '../ajam/api';
import { AjamError } from '../ajam/errors';
import { describeThrown } from '../ipc/router';
import { maskUrl } from '../ajam/url';
import type { LiveBoard } from '../state/live';
import type { BoardLists } from '../state/snapshot';
import { systemClock, type BatchClock } from '../state/patches';
import { createReconciler, type ReconcileTiming, type Reconciler } from '../state/reconcile';
import { DEFAULT_DIAL_CONTEXT, type AmiAction, type OperatorContext } from './controls';
import { featureLimits, ReadCheck, type Capabilities } from './capabilities';
import { channelAges, fetchBoardLists, fetchCapabilities, fetchChannels, fetchServerName } from './lists';
import { nextOriginateId, OriginateWatch } from './outcomes';
import { autoAnswerVariable } from '../../shared/softphone';
import { toSessionStatus } from './status';

/**
 * A feature that follows the session beside the board (electron/features/*): it hears every
 * event, and after each (re)sync of the board reads its own lists (the board's are passed so it
 * need not ask for them again).
 */
export interface SessionFeed {
  event(event: AmiMessage): void;
  resync(client: AjamClient, caps: Capabilities | undefined, lists: BoardLists): Promise<void>;
}

export interface SessionDeps {
  readonly createClient: (profile: Profile) => AjamClient;
  readonly live: LiveBoard;
  readonly now: () => number;
  /** Every status change, in order. */
  readonly onStatus: (status: SessionStatus) => void;
  /** How long a queued Originate waits for its OriginateResponse (default 60 s). */
  readonly outcomeTimeoutMs?: number;
  /** ActionIDs for watched Originates (tests). */
  readonly nextRequestId?: () => string;
  /**
   * While it is not known whether the user's `read` has `call`, the channels are listed this often
   * (default 60 s) to find out (see ReadCheck). 0 turns the probe off.
   */
  readonly readProbeMs?: number;
  /** Timers of the board's reconcile with the PBX (tests inject a fake). */
  readonly clock?: BatchClock;
  /** When the board is reconciled with the PBX while connected (see state/reconcile). */
  readonly reconcileTiming?: ReconcileTiming;
  /** Features fed beside the board. */
  readonly feeds?: readonly SessionFeed[];
}

export function profileFor(request: ConnectRequest): Profile {
  return {
    url: request.url,
    user: request.user,
    secret: request.secret,
    ...(request.tls?.kind === 'ca' ? { ca: request.tls.pem } : {}),
    ...(request.tls?.kind === 'fingerprint' ? { fingerprint: request.tls.sha256 } : {}),
  };
}

function errorOf(error: unknown): IpcError {
  return describeThrown(error);
}

/**
 * A control Asterisk refused (`Response: Error`) reads as that control's failure, with Asterisk's
 * words as detail; anything else (permission, timeout, lost connection) keeps its own notice.
 */
function refused(action: AmiAction, error: unknown): IpcResult<never> {
  if (error instanceof AjamError && error.code === 'action-failed') {
    const detail = error.notice.detail ?? error.pbxMessage;
    return {
      ok: false,
      error: ipcError('action-failed', { ...action.failed, ...(detail ? { detail } : {}) }),
    };
  }
  throw error;
}

export class ConsoleSession {
  readonly request: ConnectRequest;
  readonly operator: OperatorContext;
  #deps: SessionDeps;
  #client: AjamClient | undefined;
  #status: SessionStatus;
  #server: string | undefined;
  /** Until the first resync is done, the core's "connected" is not yet ours to show. */
  #starting = true;
  #ended = false;
  #fresh = true;
  #unsubscribe: (() => void)[] = [];
  #originates: OriginateWatch;
  #firstSync: { promise: Promise<void>; resolve: () => void };
  /** What ListCommands said the user may run (undefined: it did not answer, assume everything). */
  #caps: Capabilities | undefined;
  #readCheck: ReadCheck | undefined;
  #readProbe: NodeJS.Timeout | undefined;
  #reconciler: Reconciler | undefined;
  /** Counts the board's resyncs: a reconcile whose lists predate one is stale. */
  #syncs = 0;

  constructor(request: ConnectRequest, deps: SessionDeps) {
    this.request = request;
    this.#deps = deps;
    this.operator = {
      ...(request.operatorEndpoint === undefined ? {} : { operatorEndpoint: request.operatorEndpoint }),
      dialContext: request.dialContext ?? DEFAULT_DIAL_CONTEXT,
    };
    this.#status = { state: 'idle', url: maskUrl(request.url), user: request.user, since: deps.now() };
    this.#originates = new OriginateWatch(
      deps.outcomeTimeoutMs === undefined ? {} : { timeoutMs: deps.outcomeTimeoutMs },
    );
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.#firstSync = { promise, resolve };
  }

  get status(): SessionStatus {
    return this.#status;
  }

  /** What ListCommands said the user may run (undefined: unknown, assume everything). */
  get capabilities(): Capabilities | undefined {
    return this.#caps;
  }

  /** The client while the session runs (uploads need its cookie and relogin). */
  get client(): AjamClient | undefined {
    return this.#ended ? undefined : this.#client;
  }

  #setStatus(status: SessionStatus): void {
    // Every status reaches every window: a `user:secret@` typed into the URL must not.
    this.#status = { ...status, url: maskUrl(status.url) };
    this.#deps.onStatus(this.#status);
  }

  #extras() {
    return {
      ...(this.#server === undefined ? {} : { server: this.#server }),
      ...(this.operator.operatorEndpoint === undefined
        ? {}
        : { operatorEndpoint: this.operator.operatorEndpoint }),
      ...(this.request.postMapping === undefined ? {} : { postMapping: this.request.postMapping }),
      limits: featureLimits(this.#caps, this.#readCheck?.readCall),
    };
  }

  /** A privilege learned while connected reaches the status at once. */
  #limitsChanged(): void {
    if (this.#starting || this.#ended) return;
    const { limits: before, ...rest } = this.#status;
    const { limits } = this.#extras();
    if (JSON.stringify(before ?? {}) === JSON.stringify(limits)) return;
    this.#setStatus({ ...rest, ...(Object.keys(limits).length === 0 ? {} : { limits }) });
  }

  #startReadProbe(client: AjamClient): void {
    const every = this.#deps.readProbeMs ?? 60_000;
    if (every <= 0) return;
    const tick = async (): Promise<void> => {
      this.#readProbe = undefined;
      const check = this.#readCheck;
      if (this.#ended || !check || check.readCall !== undefined) return;
      try {
        const channels = await fetchChannels(client, this.#caps);
        if (!this.#ended && check.listed(channelAges({ channels }), this.#deps.now())) this.#limitsChanged();
      } catch {
        // A failed probe says nothing about privileges; the event loop reports lost connections.
      }
      if (!this.#ended && check.readCall === undefined)
        this.#readProbe = setTimeout(() => void tick(), every);
    };
    this.#readProbe = setTimeout(() => void tick(), every);
  }

  #onCoreStatus(core: ConnectionStatus): void {
    if (this.#ended) return;
    if (this.#starting && core.state === 'connected') return;
    this.#setStatus(toSessionStatus(core, this.#status.state, this.#extras(), this.#deps.now()));
    if (this.#starting && (core.state === 'lost' || core.state === 'closed')) this.#firstSync.resolve();
  }

  /** Logs in, reads the board, starts events. Resolves with the status; never rejects. */
  async start(): Promise<IpcResult<SessionStatus>> {
    let client: AjamClient;
    try {
      client = this.#deps.createClient(profileFor(this.request));
    } catch (error) {
      return this.#failStart(error);
    }
    this.#client = client;
    this.#unsubscribe.push(
      client.onStatus((core) => this.#onCoreStatus(core)),
      client.onEvent((event) => {
        if (this.#ended) return;
        this.#deps.live.push(event);
        this.#originates.feed(event);
        for (const feed of this.#deps.feeds ?? []) feed.event(event);
        if (this.#readCheck?.event(event)) this.#limitsChanged();
      }),
      client.onResync(async () => {
        if (!this.#fresh) this.#readCheck?.restart(this.#deps.now());
        const lists = await fetchBoardLists(client, this.#caps);
        if (this.#ended) return;
        this.#deps.live.resync(lists, { fresh: this.#fresh });
        await Promise.all((this.#deps.feeds ?? []).map((feed) => feed.resync(client, this.#caps, lists)));
        if (this.#ended) return;
        this.#syncs += 1;
        if (this.#readCheck?.listed(channelAges(lists), this.#deps.now())) this.#limitsChanged();
        this.#fresh = false;
        this.#firstSync.resolve();
      }),
    );
    try {
      await client.connect();
      // The session's event queue began with the login request, a little before this.
      this.#readCheck = new ReadCheck(this.#deps.now());
      this.#caps = await fetchCapabilities(client);
      this.#server = await fetchServerName(client, this.#caps);
      if (this.#ended) return ok(this.#status);
      client.startEvents();
      this.#startReadProbe(client);
    } catch (error) {
      return this.#failStart(error);
    }
    await this.#firstSync.promise;
    this.#starting = false;
    if (this.#ended) return ok(this.#status);
    this.#startReconciler(client);
    const core = client.status();
    if (core.state === 'connected') {
      this.#setStatus(toSessionStatus(core, 'connecting', this.#extras(), this.#deps.now()));
    }
    return ok(this.#status);
  }

  /**
   * Ghost calls (a Hangup before its Newchannel, a caller ID with CR/LF faking a Hangup) are
   * corrected by reconciling the board with the PBX's lists: periodically, after an anomaly in the
   * event stream, and when a window asks.
   */
  #startReconciler(client: AjamClient): void {
    const live = this.#deps.live;
    const reconciler = createReconciler(
      () => this.#reconcileWith(client),
      this.#deps.clock ?? systemClock,
      this.#deps.reconcileTiming,
    );
    this.#reconciler = reconciler;
    this.#unsubscribe.push(
      live.onAnomaly(() => reconciler.anomaly()),
      () => reconciler.stop(),
    );
  }

  async #reconcileWith(client: AjamClient): Promise<number> {
    const state = this.#status.state;
    // While lost, the resync after the reconnect does this job.
    if (this.#ended || (state !== 'connected' && state !== 'back')) return 0;
    const live = this.#deps.live;
    const syncs = this.#syncs;
    const token = live.beginReconcile();
    let lists;
    try {
      lists = await fetchBoardLists(client, this.#caps);
    } catch (error) {
      live.cancelReconcile(token);
      throw error;
    }
    if (this.#ended || syncs !== this.#syncs) {
      live.cancelReconcile(token);
      return 0;
    }
    if (this.#readCheck?.listed(channelAges(lists), this.#deps.now())) this.#limitsChanged();
    return live.reconcile(token, lists);
  }

  /** A window asks for the board to be checked against the PBX (it regained focus). */
  async reconcile(): Promise<number> {
    try {
      return (await this.#reconciler?.request()) ?? 0;
    } catch {
      // The PBX did not answer the lists: the event loop reports that, and resyncs when it is back.
      return 0;
    }
  }

  async #failStart(error: unknown): Promise<IpcResult<SessionStatus>> {
    const ipcError = errorOf(error);
    await this.#end(ipcError);
    return { ok: false, error: ipcError };
  }

  /** Ends for good: listeners off, the client closed, the status closed (with why, if it failed). */
  async #end(error?: IpcError): Promise<void> {
    this.#ended = true;
    this.#starting = false;
    this.#release();
    clearTimeout(this.#readProbe);
    this.#originates.close();
    await this.#client?.close().catch(() => undefined);
    this.#setStatus({
      state: 'closed',
      url: this.request.url,
      user: this.request.user,
      ...(error === undefined ? {} : { error }),
      since: this.#deps.now(),
    });
  }

  #release(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
  }

  /** Logs off. The status becomes closed (without error: the operator asked). */
  async close(): Promise<SessionStatus> {
    if (this.#ended) return this.#status;
    this.#firstSync.resolve();
    await this.#end();
    return this.#status;
  }

  /**
   * Runs a control's action; success carries Asterisk's own Message. A queued Originate also gets
   * an ActionID of ours, and `onOutcome` hears how it went once its OriginateResponse arrives (or
   * the wait runs out).
   */
  async run(action: AmiAction, onOutcome?: (outcome: CallOutcome) => void): Promise<IpcResult<ActionDone>> {
    const client = this.client;
    if (!client) return fail('not-connected', notice('console.not-connected'));
    const done = (response: AmiMessage, requestId?: string): IpcResult<ActionDone> => {
      const message = get(response, 'Message') ?? 'Success';
      return ok({
        message,
        notice: { ...action.done, detail: message },
        ...(requestId === undefined ? {} : { requestId }),
      });
    };
    if (!action.outcome || !onOutcome) {
      try {
        return done(await client.send(action.action, action.fields));
      } catch (error) {
        return refused(action, error);
      }
    }
    const requestId = (this.#deps.nextRequestId ?? nextOriginateId)();
    this.#originates.expect(requestId, action.outcome, onOutcome);
    try {
      // The operator's softphone answers this call by itself: the INVITE names this Originate.
      const autoAnswer = autoAnswerVariable(action.outcome.endpoint, requestId);
      const fields = {
        ...action.fields,
        ...(autoAnswer ? { Variable: autoAnswer } : {}),
        ActionID: requestId,
        // The channel's Uniqueid: its DialEnd and hangup cause say why a call failed (outcomes.ts).
        ChannelId: requestId,
      };
      return done(await client.send(action.action, fields), requestId);
    } catch (error) {
      // Refused outright: Asterisk's error is the whole answer, no OriginateResponse will follow.
      this.#originates.forget(requestId);
      return refused(action, error);
    }
  }
}
