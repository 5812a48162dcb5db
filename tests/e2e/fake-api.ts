import type { PageGlobals } from './page-globals';

/**
 * An in-page stand-in for the preload's AjamApi, for the UI benchmark (which measures the renderer
 * alone, without main's batching or a PBX). Installed with page.addInitScript before the app loads,
 * so `window.ajam` exists exactly as the preload would leave it. Self-contained: Playwright ships the
 * function's source into the page.
 */
export interface FakeOptions {
  /** Calls on the board at start (two channels each, bridged). */
  readonly calls: number;
  readonly operatorEndpoint?: string;
  /** Mix in ringing, held and recorded calls (for looking at the board; the benchmark leaves it off). */
  readonly variety?: boolean;
  /** Extensions on the switchboard (100, 101, …), each in a state of its own; 0 by default. */
  readonly extensions?: number;
  /** Parked calls in lot `default` (spaces 701…). */
  readonly parked?: number;
}

export interface FakeControl {
  /** Calls every board:patch listener with the patch (as main's batcher would). */
  emitPatch(patch: unknown): void;
  emitStatus(status: unknown): void;
  /** The channels currently on the fake board, by uniqueid. */
  channels: Record<string, Record<string, unknown>>;
  emitSwitchboardPatch(patch: unknown): void;
  /** The extensions on the fake switchboard, by id. */
  extensions: Record<string, Record<string, unknown>>;
  /** Sends a queues:snapshot (queues and rooms) to the app, as main does after changes. */
  emitQueues(snapshot: unknown): void;
  /** Sends a queues:patch (the queues that changed), as main does between snapshots. */
  emitQueuesPatch(patch: unknown): void;
  /** performance.now() when the app asked for the switchboard (the grid's first render counts from it). */
  switchboardAskedAt?: number;
}

export function installFakeApi(options: FakeOptions): void {
  const listeners: Record<string, Set<(p: unknown) => void>> = {};
  const on = (channel: string) => (fn: (p: unknown) => void) => {
    (listeners[channel] ??= new Set()).add(fn);
    return () => listeners[channel]?.delete(fn);
  };
  const emit = (channel: string, payload: unknown): void => {
    for (const fn of listeners[channel] ?? []) fn(payload);
  };
  const names = ['Ana García', 'Luis Pérez', 'Carmen Ruiz', 'Javier López', 'Marta Gómez', 'Diego Sánchez'];
  const now = Date.now();
  const channels: Record<string, Record<string, unknown>> = {};
  const bridges: Record<string, unknown> = {};
  for (let i = 0; i < options.calls; i++) {
    const a = `1700000000.${2 * i}`;
    const b = `1700000000.${2 * i + 1}`;
    const bridgeId = `bridge-${i}`;
    const ext = String(100 + (i % 50));
    const num = String(600000000 + i * 7919);
    const startedAt = now - (options.calls - i) * 1000;
    const base = {
      linkedid: a,
      context: 'from-external',
      exten: ext,
      startedAt,
      bridgeId,
      onHold: false,
      recording: false,
    };
    channels[a] = {
      ...base,
      channel: `PJSIP/trunk-${String(2 * i).padStart(8, '0')}`,
      uniqueid: a,
      state: 'Up',
      callerIdNum: num,
      callerIdName: names[i % names.length],
      connectedLineNum: ext,
      connectedLineName: `Ext ${ext}`,
    };
    channels[b] = {
      ...base,
      channel: `PJSIP/${ext}-${String(2 * i + 1).padStart(8, '0')}`,
      uniqueid: b,
      state: 'Up',
      callerIdNum: ext,
      callerIdName: `Ext ${ext}`,
      connectedLineNum: num,
      connectedLineName: names[i % names.length],
      context: 'from-internal',
    };
    bridges[bridgeId] = {
      bridgeId,
      type: 'basic',
      technology: 'simple_bridge',
      channels: [a, b],
      createdAt: startedAt,
    };
    if (options.variety && i % 4 === 1) channels[a] = { ...channels[a], onHold: true };
    if (options.variety && i % 3 === 2) {
      channels[a] = { ...channels[a], recording: true };
      channels[b] = { ...channels[b], recording: true };
    }
    if (options.variety && i % 5 === 3) {
      channels[a] = { ...channels[a], state: 'Ring', bridgeId: null };
      channels[b] = { ...channels[b], state: 'Ringing', bridgeId: null };
      delete bridges[bridgeId];
    }
  }
  const endpoints: Record<string, unknown> = {};
  for (let e = 100; e < 112; e++)
    endpoints[`PJSIP/${e}`] = { id: `PJSIP/${e}`, state: e % 3 ? 'INUSE' : 'NOT_INUSE' };
  // The switchboard: extensions in every state, some talking, with presence, voicemail, DND.
  const extensions: Record<string, Record<string, unknown>> = {};
  const states = ['idle', 'inuse', 'idle', 'ringing', 'busy', 'onhold', 'idle', 'unavailable', 'dnd', 'idle'];
  const presences = ['available', 'away', 'xa', 'dnd', 'chat'];
  for (let i = 0; i < (options.extensions ?? 0); i++) {
    const exten = String(100 + i);
    const state = states[i % states.length] as string;
    const talking = state === 'inuse' || state === 'ringing' || state === 'onhold';
    extensions[`${exten}@from-internal`] = {
      id: `${exten}@from-internal`,
      exten,
      context: 'from-internal',
      name: `${names[i % names.length]} ${i}`,
      state,
      statusText: state,
      hint: `PJSIP/${exten}`,
      devices: [`PJSIP/${exten}`],
      dnd: state === 'dnd',
      forward: i % 23 === 5 ? '600123456' : null,
      presence:
        i % 7 === 0 ? { state: presences[i % 5], subtype: '', message: i % 2 ? 'En una reunión' : '' } : null,
      voicemail: i % 6 === 1 ? { mailbox: `${exten}@default`, new: (i % 4) + 1, old: 2 } : null,
      calls: talking
        ? [
            {
              channel: `PJSIP/${exten}-0000${i}`,
              uniqueid: `1700000001.${i}`,
              state: state === 'ringing' ? 'Ringing' : 'Up',
              onHold: state === 'onhold',
              since: now - i * 1000,
            },
          ]
        : [],
      ...(talking
        ? { talkingTo: { num: String(600000000 + i), name: 'Cliente' }, since: now - i * 1000 }
        : {}),
    };
  }
  const parked: Record<string, unknown> = {};
  for (let i = 0; i < (options.parked ?? 0); i++) {
    const space = String(701 + i);
    parked[`default/${space}`] = {
      space,
      lot: 'default',
      channel: `PJSIP/trunk-p${i}`,
      uniqueid: `1700000002.${i}`,
      callerIdNum: String(611000000 + i),
      callerIdName: names[i % names.length],
      parkedBy: `PJSIP/${100 + i}`,
      parkedAt: now - (i + 1) * 10_000,
      timeout: i === 0 ? 20 : 300,
    };
  }
  const lots =
    (options.parked ?? 0) > 0
      ? {
          default: { name: 'default', startSpace: '701', stopSpace: '720', timeout: 45 },
          ventas: { name: 'ventas', startSpace: '801', stopSpace: '810', timeout: 60 },
        }
      : {};
  const okv = (value: unknown) => Promise.resolve({ ok: true, value });
  const status = {
    state: 'connected',
    url: 'https://pbx.example.com:8089/asterisk',
    user: 'operator',
    server: 'Asterisk 22.10.1',
    sessionTimeoutSeconds: 60,
    operatorEndpoint: options.operatorEndpoint,
    since: now,
  };
  // Asterisk's reply as main words it: a notice keyed by the control, Asterisk's Message as detail.
  const done =
    (control: string) => (payload: { channel?: string; number?: string; exten?: string; mode?: string }) => {
      const key = `control.done.${control === 'spy' ? (payload.mode ?? 'listen') : control}`;
      const params = {
        channel: payload.channel ?? '',
        number: payload.number ?? '',
        exten: payload.exten ?? '',
      };
      return okv({ message: 'Success', notice: { key, params, detail: 'Success' } });
    };
  const unavailable = () =>
    Promise.resolve({
      ok: false,
      error: { code: 'unavailable', message: 'fake', notice: { key: 'console.no-profiles' } },
    });
  const api = {
    connect: () => okv(status),
    connectProfile: () => okv(status),
    connectDemo: () => okv(status),
    disconnect: () => okv({ ...status, state: 'closed' }),
    getStatus: () => okv(status),
    subscribeBoard: () => okv({ channels: { ...channels }, bridges, endpoints }),
    unsubscribeBoard: () => okv(null),
    reconcileBoard: () => okv({ changes: 0 }),
    hangup: done('hangup'),
    redirect: done('redirect'),
    atxfer: done('atxfer'),
    park: done('park'),
    startRecording: done('record-start'),
    stopRecording: done('record-stop'),
    spy: done('spy'),
    originate: done('dial'),
    cancelUpload: () => okv(null),
    retryUpload: () => okv(null),
    listUploads: () => okv([]),
    probeCertificate: () => okv(null),
    trustCertificate: () => okv(null),
    listProfiles: () => okv({ profiles: [], secretStorageAvailable: false }),
    saveProfile: () => okv(null),
    deleteProfile: () => okv(null),
    selectProfile: () => okv(null),
    getSettings: unavailable,
    setSettings: unavailable,
    addUploads: () => okv({ batchId: 'b', items: [] }),
    subscribeSwitchboard: () => {
      control.switchboardAskedAt = performance.now();
      return okv({ extensions: { ...extensions }, lots, parked, limits: {} });
    },
    unsubscribeSwitchboard: () => okv(null),
    callExtension: done('dial'),
    transferTo: done('redirect'),
    pickupExtension: done('dial'),
    parkCall: done('park'),
    unparkCall: done('dial'),
    setDnd: done('dial'),
    setForward: done('dial'),
    onSessionStatus: on('session:status'),
    onBoardPatch: on('board:patch'),
    onBoardSnapshot: on('board:snapshot'),
    onUploadProgress: on('upload:progress'),
    onUploadBatch: on('upload:batch'),
    onCallOutcome: on('calls:outcome'),
    onNotifyFocus: on('notify:focus'),
    onSettingsChanged: on('settings:changed'),
    onProfilesChanged: on('profiles:changed'),
    onSwitchboardPatch: on('switchboard:patch'),
    onSwitchboardSnapshot: on('switchboard:snapshot'),
    onSwitchboardOutcome: on('switchboard:outcome'),
    subscribeQueues: () => okv({ queues: [], rooms: [] }),
    unsubscribeQueues: () => okv(null),
    onQueuesSnapshot: on('queues:snapshot'),
    onQueuesPatch: on('queues:patch'),
  };
  const control: FakeControl = {
    emitPatch: (patch) => emit('board:patch', patch),
    emitStatus: (s) => emit('session:status', s),
    channels,
    emitSwitchboardPatch: (patch) => emit('switchboard:patch', patch),
    emitQueues: (snapshot) => emit('queues:snapshot', snapshot),
    emitQueuesPatch: (patch) => emit('queues:patch', patch),
    extensions,
  };
  const { window } = globalThis as unknown as PageGlobals;
  // Channels other features add to the contract answer as a host without them would: listeners
  // that never fire, requests `unavailable`. The fake then keeps up with the app it stands for.
  const full = new Proxy(Object.freeze(api), {
    get: (target, key) =>
      key in target
        ? (target as Record<string | symbol, unknown>)[key]
        : typeof key === 'string' && key.startsWith('on')
          ? () => () => undefined
          : unavailable,
  });
  Object.defineProperty(window, 'ajam', { value: full });
  Object.defineProperty(window, '__fake', { value: control });
}

/**
 * The init script's source. tsx/vitest compile with keepNames, which wraps functions in a `__name`
 * helper that does not exist in the page, so the script defines a no-op one first.
 */
export function fakeApiScript(options: FakeOptions): string {
  return `var __name = (f) => f;\n(${installFakeApi.toString()})(${JSON.stringify(options)});`;
}
