import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_LISTENERS, API_METHODS, type AjamApi } from '../../shared/ipc';

const exposed = new Map<string, unknown>();
const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
const invoke = vi.fn(async (channel: string, payload: unknown) => ({
  ok: true,
  value: { channel, payload },
}));
const paths = new WeakMap<object, string>();

vi.mock('electron', () => {
  const electron = {
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => exposed.set(key, api)) },
    ipcRenderer: {
      invoke,
      on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
        let set = listeners.get(channel);
        if (!set) listeners.set(channel, (set = new Set()));
        set.add(listener);
      }),
      removeListener: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
        listeners.get(channel)?.delete(listener);
      }),
      send: vi.fn(),
      sendSync: vi.fn(),
    },
    webUtils: { getPathForFile: vi.fn((file: object) => paths.get(file) ?? '') },
  };
  return { ...electron, default: electron };
});

async function loadApi(): Promise<AjamApi> {
  exposed.clear();
  vi.resetModules();
  await import('../../electron/preload');
  return exposed.get('ajam') as AjamApi;
}

function diskFile(name: string, path: string): File {
  const file = new File([new Uint8Array(4)], name);
  paths.set(file, path);
  return file;
}

beforeEach(() => {
  invoke.mockClear();
  listeners.clear();
});

describe('preload', () => {
  it('exposes exactly the contract API, frozen, under window.ajam only', async () => {
    const api = await loadApi();
    expect([...exposed.keys()]).toEqual(['ajam']);
    expect(Object.isFrozen(api)).toBe(true);
    const expected = [...Object.keys(API_METHODS), ...Object.keys(API_LISTENERS), 'addUploads'].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    // Nothing generic: no invoke/send/on taking a channel name, no ipcRenderer.
    for (const forbidden of ['invoke', 'send', 'on', 'ipcRenderer', 'sendSync'])
      expect(forbidden in api).toBe(false);
    expect(() => {
      (api as unknown as Record<string, unknown>)['invoke'] = () => 0;
    }).toThrow();
  });

  it('maps each method to its contract channel and passes the payload', async () => {
    const api = await loadApi();
    for (const [method, channel] of Object.entries(API_METHODS)) {
      invoke.mockClear();
      await (api as unknown as Record<string, (p?: unknown) => Promise<unknown>>)[method]?.({
        probe: method,
      });
      expect(invoke).toHaveBeenCalledWith(channel, { probe: method });
    }
    invoke.mockClear();
    await api.getStatus();
    expect(invoke).toHaveBeenCalledWith('session:get-status', {});
  });

  it('strips the IpcRendererEvent and returns an unsubscribe', async () => {
    const api = await loadApi();
    const seen: unknown[] = [];
    const unsubscribe = api.onSessionStatus((status) => seen.push(status));
    const [listener] = listeners.get('session:status') ?? [];
    expect(listener).toBeDefined();
    listener?.({ sender: { send: () => 'leak' }, senderId: 0 }, { state: 'connected' });
    expect(seen).toEqual([{ state: 'connected' }]);
    unsubscribe();
    expect(listeners.get('session:status')?.size).toBe(0);
    for (const [name, channel] of Object.entries(API_LISTENERS)) {
      const off = (api as unknown as Record<string, (l: () => void) => () => void>)[name]?.(() => undefined);
      expect(listeners.get(channel)?.size, name).toBe(1);
      off?.();
    }
  });

  it('uploads File objects by their resolved paths', async () => {
    const api = await loadApi();
    const a = diskFile('exten-113-1.wav', 'C:\\Grabaciones\\exten-113-1.wav');
    const b = diskFile('b.wav', '/home/op/b.wav');
    await api.addUploads([a, b], { allowInsecureHttp: true });
    expect(invoke).toHaveBeenCalledWith('upload:add', {
      files: [{ path: 'C:\\Grabaciones\\exten-113-1.wav' }, { path: '/home/op/b.wav' }],
      allowInsecureHttp: true,
    });
    invoke.mockClear();
    await api.addUploads([a]);
    expect(invoke).toHaveBeenCalledWith('upload:add', {
      files: [{ path: 'C:\\Grabaciones\\exten-113-1.wav' }],
    });
  });

  it('never accepts a path string or a file-like object from the page', async () => {
    const api = await loadApi();
    const hostile: unknown[] = [
      ['/etc/shadow'],
      [{ path: '/etc/shadow' }],
      [{ name: 'x.wav', size: 1, arrayBuffer: async () => new ArrayBuffer(1), path: '/etc/shadow' }],
      '/etc/shadow',
      [],
      null,
      [diskFile('ok.wav', '/ok.wav'), '/etc/shadow'],
    ];
    for (const files of hostile) {
      const result = await api.addUploads(files as never);
      expect(result.ok, JSON.stringify(files)).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-request');
    }
    // A File made in JavaScript has no path on disk.
    const made = await api.addUploads([new File(['x'], 'made.wav')]);
    expect(made.ok).toBe(false);
    if (!made.ok) expect(made.error.message).toContain('made.wav');
    expect(invoke).not.toHaveBeenCalled();
  });
});
