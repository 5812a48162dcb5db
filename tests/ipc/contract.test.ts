import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/api-transport';
import {
  API_LISTENERS,
  API_METHODS,
  EVENT_CHANNELS,
  REQUEST_CHANNELS,
  createApi,
  validateRequest,
  type RequestChannel,
  type RequestPayload,
} from '../../shared/ipc';

const FP = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';

/** One realistic payload per channel: every schema must accept what the app really sends. */
const VALID: { [C in RequestChannel]: RequestPayload<C> } = {
  'session:connect': {
    url: 'https://pbx.example.com:8089/asterisk',
    user: 'operator',
    secret: 's3cr3t with spaces',
    postMapping: 'recordings',
    tls: { kind: 'fingerprint', sha256: FP },
    operatorEndpoint: 'PJSIP/100',
    dialContext: 'from-internal',
  },
  'session:connect-profile': { profileId: 'p1', secret: 'x' },
  'session:connect-demo': {},
  'session:disconnect': {},
  'session:get-status': {},
  'board:subscribe': {},
  'board:unsubscribe': {},
  'board:reconcile': {},
  'channels:hangup': { channel: 'PJSIP/101-00000001' },
  'channels:redirect': {
    channel: 'Local/200@from-internal-00000001;1',
    exten: '102',
    context: 'from-internal',
    priority: 1,
  },
  'channels:atxfer': { channel: 'PJSIP/101-00000001', exten: '103' },
  'channels:park': { channel: 'PJSIP/101-00000001', timeoutSeconds: 45, parkinglot: 'default' },
  'channels:record-start': { channel: 'PJSIP/101-00000001', file: 'call-1754153905.5203765.wav' },
  'channels:record-stop': { channel: 'PJSIP/101-00000001' },
  'channels:spy': { channel: 'PJSIP/101-00000001', mode: 'whisper' },
  'calls:originate': { number: '+34600111222' },
  'upload:add': {
    files: [
      { path: 'C:\\Grabaciones\\exten-113-3004579622-20250802-120405-1754153905.5203765.wav' },
      { path: '/home/op/a.wav' },
    ],
  },
  'upload:add-content': { files: [{ name: 'a.wav', base64: 'UklGRg==' }], allowInsecureHttp: false },
  'upload:cancel': { id: 'u1' },
  'upload:retry': { id: 'u1' },
  'upload:list': {},
  'cert:probe': { url: 'https://pbx:8089/asterisk' },
  'cert:trust': { url: 'https://pbx:8089/asterisk', sha256: FP.replace(/:/g, '').toLowerCase() },
  'profiles:list': {},
  'profiles:save': {
    profile: {
      name: 'Oficina',
      url: 'https://pbx:8089/asterisk',
      user: 'op',
      watchedExtensions: ['100', '101'],
      language: 'es',
      theme: 'dark',
    },
    secret: 'x',
  },
  'profiles:delete': { id: 'p1' },
  'profiles:select': { id: 'p1' },
  'settings:get': {},
  'settings:set': { theme: 'light', closeToTray: true },
  'softphone:credentials': {},
  'switchboard:subscribe': {},
  'switchboard:unsubscribe': {},
  'switchboard:call': { exten: '101', context: 'from-internal' },
  'switchboard:transfer': { channel: 'PJSIP/101-00000001', exten: '102', mode: 'attended' },
  'switchboard:pickup': { exten: '103' },
  'switchboard:park': { channel: 'PJSIP/101-00000001', lot: 'shortlot', timeout: 60 },
  'switchboard:unpark': { lot: 'default', space: '701' },
  'switchboard:dnd': { exten: '101', on: true },
  'switchboard:forward': { exten: '101', number: null },
  'pipeline:get-status': {},
  'pipeline:history': { search: 'exten-113', filter: 'failed', offset: 0, limit: 50 },
  'pipeline:export': { filter: 'done' },
  'pipeline:retry': { ids: ['e1'] },
  'pipeline:answer': { id: 'e1', answer: 'rename' },
  'pipeline:reveal': { id: 'e1' },
  'pipeline:choose-folder': {},
  'queues:subscribe': {},
  'queues:unsubscribe': {},
  'queues:pause': { interface: 'Local/101@from-queue/n', queue: 'soporte', paused: true, reason: 'Almuerzo' },
  'queues:add': {
    queue: 'ventas',
    interface: 'PJSIP/110',
    name: 'Diego Torres',
    stateInterface: 'hint:110@ext-local',
    penalty: 1,
  },
  'queues:remove': { queue: 'ventas', interface: 'PJSIP/110' },
  'queues:penalty': { interface: 'PJSIP/110', penalty: 2 },
  'conferences:mute': { conference: '900', target: 'participants', muted: true },
  'conferences:kick': { conference: '900', target: 'PJSIP/105-00000003' },
  'conferences:lock': { conference: '900', locked: true },
  'conferences:record': { conference: '900', on: true },
  'conferences:join': { conference: '900', channel: 'PJSIP/trunk-00000007' },
};

describe('the IPC contract', () => {
  it('has a method for every request channel and a listener for every event channel', () => {
    const mapped = new Set<string>([...Object.values(API_METHODS), 'upload:add', 'upload:add-content']);
    expect([...mapped].sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect(Object.values(API_LISTENERS).sort()).toEqual([...EVENT_CHANNELS].sort());
    for (const channel of [...REQUEST_CHANNELS, ...EVENT_CHANNELS])
      expect(channel).toMatch(/^[a-z]+:[a-z-]+$/);
  });

  it.each(REQUEST_CHANNELS)('accepts a realistic %s payload', (channel) => {
    const result = validateRequest(channel, VALID[channel]);
    expect(result).toEqual({ ok: true, value: { channel, payload: VALID[channel] } });
  });

  it.each(REQUEST_CHANNELS)('refuses an extra field on %s, naming it', (channel) => {
    const result = validateRequest(channel, { ...VALID[channel], sneaky: true });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: `Refused "${channel}": field "sneaky" is not allowed` },
    });
  });

  it.each(REQUEST_CHANNELS)('refuses a non-object payload on %s', (channel) => {
    for (const payload of [null, undefined, 'x', 1, []]) {
      const result = validateRequest(channel, payload);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-request');
    }
  });

  it('refuses unknown channels', () => {
    expect(validateRequest('channels:explode', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel', message: 'Refused "channels:explode": no such IPC channel' },
    });
    expect(validateRequest(42, {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel', message: 'Refused a number: no such IPC channel' },
    });
    // Inherited names are not channels.
    expect(validateRequest('toString', {}).ok).toBe(false);
    expect(validateRequest('__proto__', {}).ok).toBe(false);
  });

  it('words wrong types and missing fields with the field name', () => {
    expect(validateRequest('channels:hangup', { channel: 7 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: 'Refused "channels:hangup": field "channel" must be text' },
    });
    expect(validateRequest('channels:hangup', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: 'Refused "channels:hangup": field "channel" is missing' },
    });
    const nested = validateRequest('session:connect', {
      ...VALID['session:connect'],
      tls: { kind: 'fingerprint', sha256: 'nope' },
    });
    expect(nested.ok || nested.error.message).toBe(
      'Refused "session:connect": field "tls.sha256" is not a SHA-256 fingerprint (64 hex digits, colons optional)',
    );
    const extraNested = validateRequest('session:connect', {
      ...VALID['session:connect'],
      tls: { kind: 'ca', pem: '-----BEGIN CERTIFICATE-----', x: 1 },
    });
    expect(extraNested.ok || extraNested.error.message).toBe(
      'Refused "session:connect": field "tls.x" is not allowed',
    );
  });

  it('names the field of a value the operator typed, for the renderer to word (issue 12 item 18)', () => {
    const typed = validateRequest('calls:originate', { number: '12ab' });
    expect(typed).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-request',
        notice: { key: 'ipc.invalid-field', params: { channel: 'calls:originate', field: 'number' } },
      },
    });
    // A program's mistake (a field nobody types, an extra or missing one) keeps the contract's words.
    expect(validateRequest('channels:hangup', { channel: 7 })).toMatchObject({
      error: { notice: { key: 'ipc.invalid-request' } },
    });
    expect(validateRequest('calls:originate', {})).toMatchObject({
      error: { notice: { key: 'ipc.invalid-request' } },
    });
  });

  it('refuses a smuggled __proto__ key as an extra field', () => {
    const payload: unknown = JSON.parse('{"channel":"PJSIP/1-1","__proto__":{"polluted":true}}');
    expect(validateRequest('channels:hangup', payload)).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-request',
        message: 'Refused "channels:hangup": field "__proto__" is not allowed',
      },
    });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses what would inject into an AMI action', () => {
    const injections: [RequestChannel, Record<string, unknown>][] = [
      ['channels:hangup', { channel: 'PJSIP/101-1\r\nAction: Originate' }],
      ['channels:spy', { channel: 'PJSIP/101-1,qBw', mode: 'listen' }],
      ['channels:redirect', { channel: 'PJSIP/101-1', exten: '100\nPriority: 9' }],
      ['calls:originate', { number: '100&PJSIP/200' }],
      ['session:connect', { url: 'http://pbx/asterisk', user: 'op\r\nAction: Logoff', secret: 'x' }],
      ['session:connect', { url: 'http://pbx/asterisk', user: 'op', secret: 'x\u0000' }],
      ['session:connect', { url: 'javascript:alert(1)', user: 'op', secret: 'x' }],
      ['upload:add', { files: [{ path: 'relative/file.wav' }] }],
      ['upload:add-content', { files: [{ name: 'a.wav', base64: 'not base64!' }] }],
    ];
    for (const [channel, payload] of injections) {
      const result = validateRequest(channel, payload);
      expect(result.ok, `${channel} ${JSON.stringify(payload)}`).toBe(false);
    }
  });

  it('builds a frozen API with exactly the contract methods, sending {} for payload-less calls', async () => {
    const calls: [string, unknown][] = [];
    const api = createApi({
      invoke: async (channel, payload) => {
        calls.push([channel, payload]);
        return { ok: true, value: null };
      },
      subscribe: () => () => undefined,
      addUploads: async () => ({ ok: true, value: { batchId: 'b', items: [] } }),
    });
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(
      [...Object.keys(API_METHODS), ...Object.keys(API_LISTENERS), 'addUploads'].sort(),
    );
    await api.disconnect();
    await api.hangup({ channel: 'PJSIP/1-1' });
    expect(calls).toEqual([
      ['session:disconnect', {}],
      ['channels:hangup', { channel: 'PJSIP/1-1' }],
    ]);
  });

  it('encodes base64 exactly as Node does', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 37 + length * 11) & 255);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
    const big = new Uint8Array(100_000).map((_, i) => (i * 131) & 255);
    expect(toBase64(big)).toBe(Buffer.from(big).toString('base64'));
  });
});
