import { describe, expect, it } from 'vitest';
import { connectInMemory } from '../../electron/ipc/memory';
import { createRouter, type Handlers } from '../../electron/ipc/router';
import { fail, ok, type SessionStatus } from '../../shared/ipc';
import { notice } from '../../shared/notices';
import type { BoardPatch } from '../../shared/model';
import { echoHandlers, type Received } from './handlers';

const status: SessionStatus = {
  state: 'connected',
  url: 'http://127.0.0.1:1/asterisk',
  user: 'admin',
  since: 1,
};

function nextEvent<T>(subscribe: (listener: (payload: T) => void) => () => void): Promise<T> {
  return new Promise((resolve) => {
    const off = subscribe((payload) => {
      off();
      resolve(payload);
    });
  });
}

describe('the IPC router over an in-memory transport', () => {
  it('passes validated payloads to the handler with the peer, and returns its result', async () => {
    const received: Received[] = [];
    const router = createRouter(
      echoHandlers(received, {
        'channels:hangup': (payload) =>
          ok({ message: `hung up ${payload.channel}`, notice: notice('control.done.hangup', payload) }),
      }),
    );
    const client = connectInMemory(router);
    expect(await client.api.hangup({ channel: 'PJSIP/101-00000001' })).toEqual({
      ok: true,
      value: {
        message: 'hung up PJSIP/101-00000001',
        notice: { key: 'control.done.hangup', params: { channel: 'PJSIP/101-00000001' } },
      },
    });
    expect(await client.api.getStatus()).toEqual({ ok: true, value: { echoed: 'session:get-status' } });
    expect(received).toHaveLength(1);
    expect(received[0]?.context.peer).toEqual({ id: client.attachment.info.id, origin: 'page' });
    expect(received[0]?.payload).toEqual({});
  });

  it('refuses unknown channels, extra fields and wrong types before any handler runs', async () => {
    const received: Received[] = [];
    const client = connectInMemory(createRouter(echoHandlers(received)));
    expect(await client.raw('channels:nuke', {})).toEqual(
      fail('unknown-channel', notice('ipc.unknown-channel', { channel: '"channels:nuke"' })),
    );
    expect(await client.raw('channels:hangup', { channel: 'PJSIP/1-1', all: true })).toEqual(
      fail(
        'invalid-request',
        notice('ipc.invalid-request', { channel: 'channels:hangup', problems: 'field "all" is not allowed' }),
      ),
    );
    expect(await client.raw('channels:park', { channel: 'PJSIP/1-1', timeoutSeconds: '45' })).toEqual(
      fail(
        'invalid-request',
        notice('ipc.invalid-request', {
          channel: 'channels:park',
          problems: 'field "timeoutSeconds" must be a number',
        }),
      ),
    );
    expect(received).toEqual([]);
  });

  it('takes file paths only from the preload, never from a page', async () => {
    const received: Received[] = [];
    const router = createRouter(echoHandlers(received));
    const page = connectInMemory(router, 'page');
    const preload = connectInMemory(router, 'preload');
    const payload = { files: [{ path: '/etc/shadow' }] };
    expect(await page.raw('upload:add', payload)).toEqual(
      fail('not-allowed', notice('ipc.preload-only', { channel: 'upload:add' })),
    );
    expect(received).toEqual([]);
    expect(await preload.raw('upload:add', payload)).toEqual(ok({ echoed: 'upload:add' }));
    expect(received.map((r) => [r.channel, r.context.peer.origin])).toEqual([['upload:add', 'preload']]);
  });

  it('keeps the code and words of coded errors and marks anything else internal', async () => {
    const coded = Object.assign(new Error('Asterisk said: No such channel'), { code: 'action-failed' });
    const logged: string[] = [];
    const router = createRouter(
      echoHandlers([], {
        'channels:hangup': () => {
          throw coded;
        },
        'channels:park': async () => {
          throw new TypeError('oops');
        },
      }),
      { log: (line) => logged.push(line) },
    );
    const client = connectInMemory(router);
    expect(await client.api.hangup({ channel: 'PJSIP/1-1' })).toEqual(
      fail('action-failed', notice('internal', {}, 'Asterisk said: No such channel')),
    );
    expect(await client.api.park({ channel: 'PJSIP/1-1' })).toEqual(
      fail('internal', notice('internal', {}, 'oops')),
    );
    expect(logged).toEqual(['IPC handler for channels:park failed: Internal error in the console. (oops)']);
  });

  it('fans events out to every attached peer, or those chosen, and none after detach', async () => {
    const router = createRouter(echoHandlers([]));
    const a = connectInMemory(router);
    const b = connectInMemory(router);
    const detached: number[] = [];
    router.onDetach((peer) => detached.push(peer.id));

    const both = [nextEvent(a.api.onSessionStatus), nextEvent(b.api.onSessionStatus)];
    router.emit('session:status', status);
    expect(await Promise.all(both)).toEqual([status, status]);

    const patch: BoardPatch = { channels: { '1.1': null } };
    const seenByA: BoardPatch[] = [];
    const seenByB: BoardPatch[] = [];
    a.api.onBoardPatch((p) => seenByA.push(p));
    b.api.onBoardPatch((p) => seenByB.push(p));
    router.emit('board:patch', patch, (peer) => peer.id === b.attachment.info.id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seenByA).toEqual([]);
    expect(seenByB).toEqual([patch]);

    b.close();
    expect(detached).toEqual([b.attachment.info.id]);
    expect(router.peers().map((p) => p.id)).toEqual([a.attachment.info.id]);
    router.emit('board:patch', patch);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seenByA).toEqual([patch]);
    expect(seenByB).toEqual([patch]);
  });

  it('keeps delivering to the others when one peer throws', async () => {
    const router = createRouter(echoHandlers([]), { log: () => undefined });
    router.attach({
      origin: 'page',
      send() {
        throw new Error('window destroyed');
      },
    });
    const alive = connectInMemory(router);
    const got = nextEvent(alive.api.onSessionStatus);
    router.emit('session:status', status);
    expect(await got).toEqual(status);
  });

  it('unsubscribe stops a listener', async () => {
    const router = createRouter(echoHandlers([]));
    const client = connectInMemory(router);
    const seen: SessionStatus[] = [];
    const off = client.api.onSessionStatus((s) => seen.push(s));
    router.emit('session:status', status);
    await new Promise((resolve) => setTimeout(resolve, 1));
    off();
    router.emit('session:status', { ...status, state: 'lost' });
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(seen).toEqual([status]);
  });

  it('requires a handler for every channel (checked by tsc)', () => {
    const { 'channels:hangup': _dropped, ...incomplete } = echoHandlers([]);
    // @ts-expect-error -- a table without channels:hangup is not a Handlers
    const handlers: Handlers = incomplete;
    expect(Object.keys(handlers)).not.toContain('channels:hangup');
  });
});
