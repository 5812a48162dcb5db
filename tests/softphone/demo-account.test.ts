/**
 * Where the softphone's demo account comes from: the app's embedded demo makes a password of its
 * own each run (anyone on the machine reaches 127.0.0.1) and lets the office call the operator;
 * `ajam demo` prints the account to register a softphone by hand. Over real sockets on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { createEmbeddedDemo, embeddedDemoOptions } from '../../electron/demo/embedded';
import type { DemoPbx } from '../../electron/demo/api';
import { DEFAULT_SIP_PASSWORD } from '../../electron/demo/sip/api';
import { waitFor } from '../ajam/helpers';
import { SipClient } from './client';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the demo softphone account', () => {
  it('is new each run in the embedded demo, which the office rings now and then', async () => {
    const a = embeddedDemoOptions();
    const b = embeddedDemoOptions();
    expect(a.sip?.password).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.sip?.password).not.toBe(b.sip?.password);
    expect(a.sip?.password).not.toBe(DEFAULT_SIP_PASSWORD);
    expect(a.sip?.ringEverySeconds).toBeGreaterThan(0);

    let started: DemoPbx | undefined;
    const demo = createEmbeddedDemo({ ...a, traffic: 'off', calls: 0 }, (pbx) => (started = pbx));
    cleanups.push(() => demo.close());
    await demo.connectRequest();
    await waitFor(() => started !== undefined, 5_000, 'the embedded demo');
    const sip = (started as DemoPbx).sip;
    expect(sip.password).toBe(a.sip?.password);
    const client = await SipClient.connect(sip.url, sip.user, sip.password);
    cleanups.push(() => client.close());
    expect((await client.register(600, DEFAULT_SIP_PASSWORD)).final.status).toBe(401);
    expect((await client.register()).final.status).toBe(200);
  });

  it('is printed by ajam demo, and a softphone registers with what it prints', async () => {
    const stop = new AbortController();
    let stdout = '';
    const done = runCli(['demo', '--traffic', 'off'], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: () => undefined },
      env: {},
      signal: stop.signal,
    });
    cleanups.push(async () => {
      stop.abort();
      await done;
    });
    await waitFor(() => stdout.includes('Ctrl-C'), 20_000, 'the demo banner');
    const m =
      /Softphone \(SIP over WebSocket, subprotocol sip\): (ws:\/\/127\.0\.0\.1:\d+\/asterisk\/ws)\n {2}sip:101@127\.0\.0\.1, user (\d+) \/ (\S+), realm asterisk; 600 echoes, 601 plays a tone/.exec(
        stdout,
      );
    expect(m).not.toBeNull();
    const [, url, user, password] = m as unknown as [string, string, string, string];
    const client = await SipClient.connect(url, user, password);
    cleanups.push(() => client.close());
    expect((await client.register()).final.status).toBe(200);
  });
});
