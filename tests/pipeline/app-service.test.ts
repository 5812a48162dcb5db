/**
 * The pipeline inside the console service, through the contract like a window, against the demo
 * PBX over HTTP on 127.0.0.1 with real folders: a profile saved with a watched folder starts
 * watching when connected with it, dropped files reach the PBX and the history, the CSV export, the
 * folder picker rule, "open the folder" from the journal only, stop on disconnect, and retry.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../electron/ajam/client';
import { createConsole } from '../../electron/console/service';
import type { DemoOptions } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import type { PipelineHost } from '../../electron/features/pipeline/app';
import { openPipeline } from '../../electron/features/pipeline/setup';
import { connectInMemory } from '../../electron/ipc/memory';
import { NO_SAFE_STORAGE, SecretVault } from '../../electron/settings/secrets';
import { ProfilesService } from '../../electron/settings/service';
import { Settings } from '../../electron/settings/settings';
import { openJsonFileStore } from '../../electron/settings/file-store';
import type { IpcResult } from '../../shared/ipc';
import type { PipelineBatch, PipelineConfig, PipelineFile } from '../../shared/pipeline';
import { configFor, waitFor, wavBytes } from './helpers';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function value<T>(result: IpcResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function setup(options: { demo?: DemoOptions; host?: PipelineHost } = {}) {
  const pbx = await startDemoPbx({ calls: 0, callsPerSecond: 0, failedLoginDelayMs: 20, ...options.demo });
  cleanups.push(() => pbx.close());
  const work = await mkdtemp(join(tmpdir(), 'ajam-pipeline-app-'));
  cleanups.push(() => rm(work, { recursive: true, force: true }));
  const dataDir = join(work, 'data');
  const folder = join(work, 'wav');
  await mkdir(dataDir);
  await mkdir(folder);
  const { store } = openJsonFileStore({ cwd: dataDir });
  const settings = new Settings({
    store,
    vault: new SecretVault(store, NO_SAFE_STORAGE, 'linux'),
    newId: () => 'p1',
  });
  const profiles = new ProfilesService({ settings, language: () => 'en' });
  const pipeline = await openPipeline({
    dataDir,
    settings,
    ...(options.host ? { host: options.host } : {}),
    core: { runner: { settleMs: 300, backoff: { baseMs: 200, maxMs: 1000 } } },
  });
  cleanups.push(() => pipeline.close());
  const console_ = createConsole({
    createClient: (profile) => createClient(profile),
    profiles,
    pipeline: pipeline.app,
  });
  cleanups.push(() => console_.close());
  const page = connectInMemory(console_.router, 'page');
  cleanups.push(async () => page.close());
  const files: PipelineFile[] = [];
  const batches: PipelineBatch[] = [];
  page.api.onPipelineFile((file) => files.push(file));
  page.api.onPipelineBatch((batch) => batches.push(batch));
  return { pbx, work, dataDir, folder, settings, pipeline, console: console_, api: page.api, files, batches };
}

type Rig = Awaited<ReturnType<typeof setup>>;

async function saveAndConnect(rig: Rig, config: PipelineConfig, user = 'admin', secret = '12345') {
  const saved = value(
    await rig.api.saveProfile({
      profile: { name: 'Auditoría', url: rig.pbx.url, user, postMapping: 'recordings', pipeline: config },
    }),
  );
  value(await rig.api.connectProfile({ profileId: saved.id, secret }));
  return saved;
}

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('the pipeline in the console service, against the demo PBX', { timeout: 60_000 }, () => {
  it('watches the connected profile’s folder: dropped files reach the PBX, the history and the CSV', async () => {
    const rig = await setup();
    await saveAndConnect(rig, { ...configFor(''), folders: [{ ...configFor(rig.folder).folders[0]! }] });
    const overview = value(await rig.api.getPipeline());
    expect(overview.status?.running).toBe(true);
    expect(overview.host).toEqual({ folderPicker: false, saveDialog: false, reveal: false });

    const a = wavBytes(6000);
    const b = wavBytes(9000);
    await writeFile(join(rig.folder, 'exten-113-3004579622-20250802-120405-1754153905.5203765.wav'), a);
    await writeFile(join(rig.folder, 'LLAMADA.WAV'), b);
    await writeFile(join(rig.folder, 'notes.txt'), 'not a recording');

    await waitFor(() => rig.pbx.uploads().length === 2, 'two uploads on the PBX');
    const stored = await Promise.all(rig.pbx.uploads().map(async (u) => sha(await readFile(u.path))));
    expect(stored.sort()).toEqual([sha(a), sha(b)].sort());

    await waitFor(
      async () => value(await rig.api.pipelineHistory({ filter: 'done' })).total === 2,
      'two done',
    );
    const history = value(await rig.api.pipelineHistory({}));
    expect(history.total).toBe(2);
    expect(history.counts).toEqual({ done: 2, failed: 0, waiting: 0 });
    for (const entry of history.entries) {
      expect(entry.result).toBe('done');
      expect(entry.pbxMessage).toBe('File successfully uploaded.');
      expect(entry.pbx).toBe(rig.pbx.url);
      expect(entry.mapping).toBe('recordings');
      expect([sha(a), sha(b)]).toContain(entry.sha256);
    }
    expect(value(await rig.api.pipelineHistory({ search: 'exten-113' })).entries).toHaveLength(1);
    expect(value(await rig.api.pipelineHistory({ filter: 'failed' })).total).toBe(0);

    // Every state on the way was pushed, and one ended batch was announced.
    expect(rig.files.some((f) => f.state === 'uploading')).toBe(true);
    expect(rig.files.filter((f) => f.state === 'done')).toHaveLength(2);
    await waitFor(() => rig.batches.some((batch) => batch.ended), 'the batch to end');
    expect(rig.batches.filter((batch) => batch.ended)).toHaveLength(1);
    expect(rig.batches.find((batch) => batch.ended)).toMatchObject({ total: 2, done: 2, failed: 0 });

    // No save dialog in this host: the CSV comes back to be downloaded.
    const exported = value(await rig.api.exportPipelineHistory({ filter: 'done', language: 'es' }));
    if (exported.kind !== 'content') throw new Error(`expected content, got ${exported.kind}`);
    expect(exported.rows).toBe(2);
    expect(exported.fileName).toMatch(/^ajam-history-\d{4}-\d\d-\d\d\.csv$/);
    expect(exported.csv).toContain('exten-113-3004579622-20250802-120405-1754153905.5203765.wav');
    expect(exported.csv).toContain(sha(a));

    // No file manager here either.
    const reveal = await rig.api.revealPipelineFile({ id: history.entries[0]!.id });
    expect(reveal.ok ? 'ok' : reveal.error.code).toBe('unavailable');
  });

  it('stops watching at disconnect and sends what came meanwhile when connected again', async () => {
    const rig = await setup();
    const profile = await saveAndConnect(rig, configFor(rig.folder));
    await writeFile(join(rig.folder, 'one.wav'), wavBytes(3000));
    await waitFor(() => rig.pbx.uploads().length === 1, 'the first upload');

    value(await rig.api.disconnect());
    expect(value(await rig.api.getPipeline()).status).toBeUndefined();
    await writeFile(join(rig.folder, 'two.wav'), wavBytes(3000));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(rig.pbx.uploads()).toHaveLength(1);

    value(await rig.api.connectProfile({ profileId: profile.id, secret: '12345' }));
    await waitFor(() => rig.pbx.uploads().length === 2, 'the file dropped while disconnected');
    expect(
      rig.pbx
        .uploads()
        .map((u) => u.rawFilename)
        .sort(),
    ).toEqual(['one.wav', 'two.wav']);
  });

  it('a connect without the profile, or a profile with watching off, watches nothing', async () => {
    const rig = await setup();
    await saveAndConnect(rig, { ...configFor(rig.folder), enabled: false });
    expect(value(await rig.api.getPipeline()).status).toBeUndefined();
    await writeFile(join(rig.folder, 'quiet.wav'), wavBytes(3000));
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(rig.pbx.uploads()).toHaveLength(0);

    // Turning it on in the editor while connected starts it, and the waiting file goes.
    value(
      await rig.api.saveProfile({
        profile: {
          id: 'p1',
          name: 'Auditoría',
          url: rig.pbx.url,
          user: 'admin',
          postMapping: 'recordings',
          pipeline: configFor(rig.folder),
        },
      }),
    );
    await waitFor(() => rig.pbx.uploads().length === 1, 'the file once watching is on');
  });

  it('deleting the connected profile stops watching its folders', async () => {
    const rig = await setup();
    const profile = await saveAndConnect(rig, configFor(rig.folder));
    expect(value(await rig.api.getPipeline()).status?.running).toBe(true);
    value(await rig.api.deleteProfile({ id: profile.id }));
    expect(value(await rig.api.getPipeline()).status).toBeUndefined();
    await writeFile(join(rig.folder, 'after.wav'), wavBytes(3000));
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(rig.pbx.uploads()).toHaveLength(0);
  });

  it('a permanent refusal is failed with the PBX’s words; Retry tries it again', async () => {
    const rig = await setup();
    // `limited` has no write=config: Asterisk refuses every upload of this user.
    await saveAndConnect(rig, configFor(rig.folder), 'limited', '54321');
    await writeFile(join(rig.folder, 'refused.wav'), wavBytes(3000));
    await waitFor(
      async () => value(await rig.api.pipelineHistory({ filter: 'failed' })).total === 1,
      'a failure',
    );
    const [entry] = value(await rig.api.pipelineHistory({ filter: 'failed' })).entries;
    expect(entry?.attempts).toBe(1);
    expect(entry?.notice).toBeDefined();

    expect(value(await rig.api.retryPipeline({ ids: [entry!.id] }))).toEqual({ count: 1 });
    await waitFor(
      async () => value(await rig.api.pipelineHistory({ filter: 'failed' })).entries[0]?.attempts === 2,
      'a second try',
    );
    expect(rig.pbx.uploads()).toHaveLength(0);
  });
});

describe('the ask policy through the contract', { timeout: 60_000 }, () => {
  it('a different file under an uploaded name waits for the answer; skip sends nothing', async () => {
    const rig = await setup();
    await saveAndConnect(rig, { ...configFor(rig.folder), overwrite: 'ask' });
    await writeFile(join(rig.folder, 'llamada.wav'), wavBytes(3000));
    await waitFor(() => rig.pbx.uploads().length === 1, 'the first upload');
    await writeFile(join(rig.folder, 'llamada.wav'), wavBytes(4000));
    await waitFor(() => rig.files.some((f) => f.state === 'asking'), 'the question');
    const asking = rig.files.find((f) => f.state === 'asking')!;
    expect(value(await rig.api.answerPipeline({ id: asking.id, answer: 'skip' }))).toEqual({
      answered: true,
    });
    await waitFor(
      () => rig.files.some((f) => f.path === asking.path && f.state === 'skipped'),
      `the skip (events after the answer: ${JSON.stringify(rig.files.slice(-3))})`,
    );
    expect(rig.pbx.uploads()).toHaveLength(1);
  });
});

describe('the desktop host around the pipeline', { timeout: 60_000 }, () => {
  it('saves only folders chosen with the picker; exports through the save dialog; reveals journal paths', async () => {
    const revealed: string[] = [];
    // What the dialogs answer next (undefined: the operator cancelled).
    const dialogs: { folder?: string; save?: string } = {};
    const rig = await setup({
      host: {
        chooseFolder: async () => dialogs.folder,
        chooseSavePath: async () => dialogs.save,
        reveal: (path) => revealed.push(path),
      },
    });
    const typed = await rig.api.saveProfile({
      profile: {
        name: 'Auditoría',
        url: rig.pbx.url,
        user: 'admin',
        postMapping: 'recordings',
        pipeline: configFor(rig.folder),
      },
    });
    expect(typed.ok ? 'saved' : typed.error.notice.key).toBe('pipeline.folder-not-chosen');
    expect(rig.settings.profiles()).toHaveLength(0);

    expect(value(await rig.api.choosePipelineFolder())).toEqual({ kind: 'cancelled' });
    dialogs.folder = rig.folder;
    expect(value(await rig.api.choosePipelineFolder())).toEqual({ kind: 'chosen', path: rig.folder });
    await saveAndConnect(rig, configFor(rig.folder));
    // Stored once, it may be saved again (an edit of another field) without picking it again.
    expect(value(await rig.api.getPipeline()).host).toEqual({
      folderPicker: true,
      saveDialog: true,
      reveal: true,
    });

    await writeFile(join(rig.folder, 'a.wav'), wavBytes(3000));
    await waitFor(
      async () => value(await rig.api.pipelineHistory({ filter: 'done' })).total === 1,
      'an upload',
    );
    const [entry] = value(await rig.api.pipelineHistory({})).entries;

    expect(value(await rig.api.exportPipelineHistory({}))).toEqual({ kind: 'cancelled' });
    const savePath = join(rig.work, 'history.csv');
    dialogs.save = savePath;
    expect(value(await rig.api.exportPipelineHistory({}))).toEqual({
      kind: 'saved',
      file: savePath,
      rows: 1,
    });
    expect(await readFile(savePath, 'utf8')).toContain('a.wav');

    value(await rig.api.revealPipelineFile({ id: entry!.id }));
    expect(revealed).toEqual([join(rig.folder, 'a.wav')]);
    const unknown = await rig.api.revealPipelineFile({ id: 'nope' });
    expect(unknown.ok ? 'ok' : unknown.error.notice.key).toBe('pipeline.unknown-entry');
    expect(revealed).toHaveLength(1);
  });
});
