/**
 * The engine's hooks the journal relies on, on the demo PBX over https: the SHA-256 of exactly the
 * bytes sent, from the bytes read for sending; `beforeLastWrite` runs before the write that
 * completes the body (the PBX has not stored anything yet) and is waited for; if it fails, the body
 * is never completed and nothing is stored.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AjamClient } from '../../electron/ajam/api';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { uploadFile, type UploadTarget } from '../../electron/upload/engine';
import { loggedIn, randomFile, sha256File } from '../upload/helpers';

let pbx: DemoPbx;
let client: AjamClient;
let target: UploadTarget;
let work: string;
beforeAll(async () => {
  pbx = await startDemoPbx({ tls: true, callsPerSecond: 0 });
  ({ client, target } = await loggedIn(pbx));
  work = await mkdtemp(join(tmpdir(), 'ajam-engine-hash-'));
});
afterAll(async () => {
  await client.close();
  await pbx.close();
  await rm(work, { recursive: true, force: true });
});

const storedAs = (name: string) => pbx.uploads().filter((u) => u.path === join(pbx.uploadsDir, name));

describe('engine hash and last-write hook', () => {
  for (const [label, size] of [
    ['a file smaller than one read', 1000],
    ['a file of several 1 MiB blocks', 3 * 1024 * 1024 + 17],
  ] as const) {
    it(`hashes what it sends, and the PBX stores nothing before the hook returns (${label})`, async () => {
      const path = await randomFile(work, `hash-${size}.ulaw`, size);
      const seen: { sha256: string; storedBefore: number }[] = [];
      const outcome = await uploadFile(target, {
        path,
        sendName: `hash-${size}.ulaw`,
        hash: true,
        beforeLastWrite: async ({ sha256, bytes }) => {
          expect(bytes).toBe(size);
          await new Promise((r) => setTimeout(r, 200));
          seen.push({ sha256, storedBefore: storedAs(`hash-${size}.ulaw`).length });
        },
      });
      expect(outcome.status).toBe('uploaded');
      const expected = await sha256File(path);
      expect(outcome.status === 'uploaded' && outcome.sha256).toBe(expected);
      expect(seen).toEqual([{ sha256: expected, storedBefore: 0 }]);
      expect(storedAs(`hash-${size}.ulaw`)).toHaveLength(1);
    });
  }

  it('a failing hook leaves the body incomplete: nothing stored, the upload failed', async () => {
    const path = await randomFile(work, 'hook-fails.ulaw', 200_000);
    const outcome = await uploadFile(target, {
      path,
      sendName: 'hook-fails.ulaw',
      hash: true,
      beforeLastWrite: () => Promise.reject(new Error('journal full')),
    });
    expect(outcome.status).toBe('failed');
    await new Promise((r) => setTimeout(r, 200));
    expect(storedAs('hook-fails.ulaw')).toHaveLength(0);
  });

  it('without hash: no SHA-256 and no hook call', async () => {
    const path = await randomFile(work, 'nohash.ulaw', 5000);
    let called = false;
    const outcome = await uploadFile(target, {
      path,
      sendName: 'nohash.ulaw',
      beforeLastWrite: () => void (called = true),
    });
    expect(outcome).toMatchObject({ status: 'uploaded' });
    expect(outcome.status === 'uploaded' && outcome.sha256).toBeUndefined();
    expect(called).toBe(false);
  });
});
