import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY } from '../../electron/desktop/policy';
import { checkSender, wireElectronIpc } from '../../electron/ipc/electron';
import { createRouter, type Handlers } from '../../electron/ipc/router';
import { REQUEST_CHANNELS, ok, type IpcResult } from '../../shared/ipc';

type InvokeHandler = (event: unknown, payload: unknown) => Promise<IpcResult<unknown>> | IpcResult<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, InvokeHandler>();
  return {
    handlers,
    handle: vi.fn((channel: string, handler: InvokeHandler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
}

/** A full handler table whose every entry records that it ran. */
function spyHandlers() {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    REQUEST_CHANNELS.map((channel) => [
      channel,
      () => {
        calls.push(channel);
        return ok(`handled ${channel}`);
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

function fakeContents(id: number) {
  const emitter = new EventEmitter();
  const sent: [string, unknown][] = [];
  let destroyed = false;
  return {
    id,
    sent,
    send: (channel: string, payload: unknown) => void sent.push([channel, payload]),
    isDestroyed: () => destroyed,
    once: (event: string, listener: () => void) => emitter.once(event, listener),
    destroy() {
      destroyed = true;
      emitter.emit('destroyed');
    },
  };
}

const topFrame = (url = APP_ENTRY) => ({ url, parent: null });

function setup() {
  const ipcMain = fakeIpcMain();
  const { handlers, calls } = spyHandlers();
  const router = createRouter(handlers);
  const log = vi.fn();
  const ipc = wireElectronIpc({ ipcMain, router, log });
  const contents = fakeContents(7);
  ipc.addWindow(contents as never);
  const invoke = (channel: string, event: unknown, payload: unknown = {}) => {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(handler(event, payload));
  };
  return { ipcMain, router, ipc, contents, calls, invoke, log };
}

describe('ipcMain wiring', () => {
  it('handles every contract channel, once', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
  });

  it("routes a message from the app's own main frame to the handler", async () => {
    const { invoke, calls } = setup();
    const result = await invoke('session:get-status', { sender: { id: 7 }, senderFrame: topFrame() });
    expect(result).toEqual({ ok: true, value: 'handled session:get-status' });
    expect(calls).toEqual(['session:get-status']);
  });

  it('still validates payloads through the router', async () => {
    const { invoke, calls } = setup();
    const result = await invoke(
      'channels:hangup',
      { sender: { id: 7 }, senderFrame: topFrame() },
      { channel: 'x', extra: 1 },
    );
    expect(result.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it.each([
    ['a subframe', { sender: { id: 7 }, senderFrame: { url: APP_ENTRY, parent: { url: APP_ENTRY } } }],
    ['a foreign page in our window', { sender: { id: 7 }, senderFrame: topFrame('https://evil.example/') }],
    ['a file:// page', { sender: { id: 7 }, senderFrame: topFrame('file:///tmp/x.html') }],
    ['a window we did not attach', { sender: { id: 99 }, senderFrame: topFrame() }],
    ['a destroyed frame', { sender: { id: 7 }, senderFrame: null }],
  ])('refuses %s before any handler runs', async (_label, event) => {
    const { invoke, calls, log } = setup();
    for (const channel of REQUEST_CHANNELS) {
      const result = await invoke(channel, event);
      expect(result.ok, channel).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('not-allowed');
    }
    expect(calls).toEqual([]);
    expect(log).toHaveBeenCalled();
  });

  it('sends router events to the window until it is destroyed, then detaches it', () => {
    const { router, contents } = setup();
    router.emit('notify:focus', { uniqueid: '1700000000.1' });
    expect(contents.sent).toEqual([['notify:focus', { uniqueid: '1700000000.1' }]]);
    expect(router.peers()).toHaveLength(1);
    contents.destroy();
    expect(router.peers()).toHaveLength(0);
    router.emit('notify:focus', { uniqueid: '2' });
    expect(contents.sent).toHaveLength(1);
  });

  it('refuses a window after it is destroyed', async () => {
    const { invoke, contents, calls } = setup();
    contents.destroy();
    const result = await invoke('session:get-status', { sender: { id: 7 }, senderFrame: topFrame() });
    expect(result.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it('removes its handlers on dispose', () => {
    const { ipc, ipcMain } = setup();
    ipc.dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('checkSender', () => {
  it('accepts only our top frame on our origin', () => {
    const ids = new Set([3]);
    expect(
      checkSender({ sender: { id: 3 }, senderFrame: topFrame('app://ajam/index.html#board') }, ids),
    ).toEqual({ ok: true });
    expect(
      checkSender({ sender: { id: 3 }, senderFrame: topFrame('app://ajam.evil/index.html') }, ids).ok,
    ).toBe(false);
    expect(checkSender({ sender: { id: 3 }, senderFrame: topFrame('not a url') }, ids).ok).toBe(false);
  });
});
