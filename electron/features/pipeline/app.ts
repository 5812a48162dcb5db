/**
 * The recordings pipeline inside the console: runs the core (electron/pipeline/service.ts) for the
 * profile the session was connected with, while it is connected; answers the `pipeline:*` channels;
 * forwards the core's file, batch and status events. Native dialogs and the file manager are the
 * host's (Electron's main.ts, or nothing in the browser preview), passed in as plain functions.
 *
 * Folders a profile watches are paths on this computer. Where the host has a folder picker, only a
 * folder chosen with it (this run) or already stored in a profile may be saved: a page cannot make
 * the app send the files of a folder nobody picked.
 */
import { dirname } from 'node:path';
import { writeFile as writeFileOnDisk } from 'node:fs/promises';
import { fail, ok, type IpcResult, type ProfileInput } from '../../../shared/ipc';
import { notice, type Notice } from '../../../shared/notices';
import { noticeLineIn } from '../../../shared/notices-words';
import type {
  ConflictAnswer,
  HistoryCounts,
  HistoryEntry,
  HistoryPage,
  HistoryQuery,
  PipelineBatch,
  PipelineConfig,
  PipelineFile,
  PipelineStatus,
} from '../../../shared/pipeline';
import type {
  PipelineEventPayloads,
  PipelineHostFeatures,
  PipelineOverview,
  PipelineRequestChannel,
} from '../../../shared/pipeline-contract';
import type { UploadSession } from '../../console/ports';
import type { Handler } from '../../ipc/router';
import type { UploadTarget } from '../../upload/engine';

/** What the app uses of electron/pipeline/service.ts's PipelineService. */
export interface PipelineCore {
  start(
    profileId: string,
    config: PipelineConfig,
    target: () => UploadTarget | undefined,
  ): Promise<PipelineStatus>;
  stop(profileId: string): Promise<void>;
  status(profileId: string): PipelineStatus;
  onFile(listener: (file: PipelineFile) => void): () => void;
  onBatch(listener: (batch: PipelineBatch) => void): () => void;
  history(query: HistoryQuery): HistoryPage;
  exportCsv(query: HistoryQuery, word?: (notice: Notice) => string): string;
  /** The session is back: waiting files go now. */
  wake(profileId?: string): void;
  retry(ids?: readonly string[]): number;
  answer(id: string, answer: ConflictAnswer): boolean;
  counts(): HistoryCounts;
}

/** The host's native pieces; each one absent where the host has none (the browser preview). */
export interface PipelineHost {
  /** A folder picker; undefined: cancelled. */
  readonly chooseFolder?: () => Promise<string | undefined>;
  /** A save dialog for the CSV export; undefined: cancelled. */
  readonly chooseSavePath?: (defaultName: string) => Promise<string | undefined>;
  /** Shows a file (or folder) in the OS file manager. */
  readonly reveal?: (path: string) => void;
  readonly writeFile?: (path: string, text: string) => Promise<void>;
}

export interface PipelineAppDeps {
  readonly core: PipelineCore;
  readonly host?: PipelineHost;
  /** A stored profile's pipeline section (absent: the profile has none, or no such profile). */
  readonly profileConfig: (
    profileId: string,
  ) => PipelineConfig | undefined | Promise<PipelineConfig | undefined>;
  /** Folders stored in any profile (saved before, so chosen before). */
  readonly storedFolders: () => Iterable<string> | Promise<Iterable<string>>;
  readonly log?: (message: string) => void;
  readonly now?: () => number;
}

type Emit = <C extends keyof PipelineEventPayloads>(channel: C, payload: PipelineEventPayloads[C]) => void;

export interface PipelineApp {
  /** A session logged in (any kind): the pipeline's uploads go through its cookie and trust. */
  sessionStarted(session: UploadSession): void;
  /** The session came from this profile (undefined: a typed connect or the demo): start its pipeline. */
  useProfile(profileId: string | undefined): Promise<void>;
  sessionEnded(): Promise<void>;
  /** The session is connected again after a loss: files waiting for it go now. */
  sessionBack(): void;
  /** Before profiles:save: refuses folders that were typed where the host has a picker. */
  checkProfile(profile: ProfileInput): Promise<IpcResult<null>>;
  /** After profiles:save: the running profile's pipeline follows its new settings. */
  profileSaved(profileId: string): Promise<void>;
  readonly handlers: { readonly [C in PipelineRequestChannel]: Handler<C> };
  /** Where events go (the console's router). */
  connect(emit: Emit): void;
  close(): Promise<void>;
}

/** The session's upload target, as the console's own uploads use it. */
export function sessionTarget(session: UploadSession): UploadTarget {
  const { client, request } = session;
  return {
    baseUrl: request.url,
    mapping: request.postMapping ?? '',
    cookie: () => client.sessionCookie(),
    relogin: () => client.relogin(),
    ...(request.tls?.kind === 'ca' ? { trust: { ca: request.tls.pem } } : {}),
    ...(request.tls?.kind === 'fingerprint' ? { trust: { fingerprint: request.tls.sha256 } } : {}),
  };
}

/** `ajam-history-2025-08-02.csv` (local date: what the admin sees on the calendar). */
export function exportFileName(now: number): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `ajam-history-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.csv`;
}

/** Where "open the folder" points: the file where it is now, or its folder when it is gone. */
export function revealPath(entry: HistoryEntry): string {
  if (entry.after?.kind === 'moved') return entry.after.to;
  if (entry.after?.kind === 'deleted') return dirname(entry.path);
  return entry.path;
}

/** Whether a pipeline section asks for watching at all. */
export function wantsWatching(config: PipelineConfig | undefined): config is PipelineConfig {
  return config !== undefined && config.enabled && config.folders.length > 0;
}

export function createPipelineApp(deps: PipelineAppDeps): PipelineApp {
  const { core } = deps;
  const host = deps.host ?? {};
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => undefined);
  const writeFile = host.writeFile ?? ((path: string, text: string) => writeFileOnDisk(path, text, 'utf8'));
  const features: PipelineHostFeatures = {
    folderPicker: host.chooseFolder !== undefined,
    saveDialog: host.chooseSavePath !== undefined,
    reveal: host.reveal !== undefined,
  };
  /** Folders chosen with the picker in this run. */
  const chosen = new Set<string>();
  let session: UploadSession | undefined;
  /** The profile the session was connected with, and the one whose pipeline runs. */
  let connectedProfile: string | undefined;
  let running: string | undefined;
  let emit: Emit = () => undefined;
  // Start/stop run one at a time: a reconnect must not race the stop of the session before it.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = (run: () => Promise<void>): Promise<void> => {
    const next = queue.then(run, run);
    queue = next.catch((error: unknown) => log(`pipeline: ${(error as Error).message}`));
    return next;
  };

  const unsubscribers = [
    core.onFile((file) => emit('pipeline:file', file)),
    core.onBatch((batch) => emit('pipeline:batch', batch)),
  ];

  async function stopRunning(): Promise<void> {
    const id = running;
    if (id === undefined) return;
    running = undefined;
    await core.stop(id);
    emit('pipeline:status', core.status(id));
  }

  async function startFor(profileId: string): Promise<void> {
    const config = await deps.profileConfig(profileId);
    await stopRunning();
    if (!wantsWatching(config) || !session) return;
    running = profileId;
    // The target follows the live session: after a disconnect the files wait instead of sending.
    try {
      const status = await core.start(profileId, config, () =>
        session ? sessionTarget(session) : undefined,
      );
      emit('pipeline:status', status);
    } catch (error) {
      running = undefined;
      log(`pipeline: profile ${profileId} not started: ${(error as Error).message}`);
    }
  }

  function findEntry(id: string): HistoryEntry | undefined {
    // The journal is the only source of a path the app will show: never the page's.
    for (let offset = 0; ; offset += 500) {
      const page = core.history({ offset, limit: 500 });
      const found = page.entries.find((entry) => entry.id === id);
      if (found) return found;
      if (page.entries.length === 0 || offset + page.entries.length >= page.total) return undefined;
    }
  }

  const handlers: PipelineApp['handlers'] = {
    'pipeline:get-status': () => {
      const overview: PipelineOverview = {
        host: features,
        ...(running !== undefined ? { status: core.status(running) } : {}),
        counts: core.counts(),
      };
      return ok(overview);
    },
    'pipeline:history': (payload) => ok(core.history(payload)),
    'pipeline:export': async ({ language, ...query }) => {
      // The reasons in the CSV read in the operator's language, as the History view shows them.
      const csv = core.exportCsv(query, (item) => noticeLineIn(language ?? 'en', item));
      // Header row plus one line per entry; quoted newlines are not in the journal's fields.
      const rows = Math.max(0, csv.split(/\r?\n/).filter((line) => line !== '').length - 1);
      const fileName = exportFileName(now());
      if (!host.chooseSavePath) return ok({ kind: 'content', fileName, csv, rows });
      const file = await host.chooseSavePath(fileName);
      if (file === undefined) return ok({ kind: 'cancelled' });
      try {
        await writeFile(file, csv);
      } catch (error) {
        return fail('internal', notice('pipeline.export-failed', { file }, (error as Error).message));
      }
      return ok({ kind: 'saved', file, rows });
    },
    'pipeline:retry': (payload) => ok({ count: core.retry(payload.ids) }),
    'pipeline:answer': (payload) => ok({ answered: core.answer(payload.id, payload.answer) }),
    'pipeline:reveal': (payload) => {
      if (!host.reveal) return fail('unavailable', notice('pipeline.unavailable'));
      const entry = findEntry(payload.id);
      if (!entry) return fail('invalid-request', notice('pipeline.unknown-entry', { id: payload.id }));
      host.reveal(revealPath(entry));
      return ok(null);
    },
    'pipeline:choose-folder': async () => {
      if (!host.chooseFolder) return fail('unavailable', notice('pipeline.unavailable'));
      const path = await host.chooseFolder();
      if (path === undefined) return ok({ kind: 'cancelled' });
      chosen.add(path);
      return ok({ kind: 'chosen', path });
    },
  };

  return {
    sessionStarted(next) {
      session = next;
    },
    useProfile(profileId) {
      connectedProfile = profileId;
      return serially(async () => {
        if (profileId === undefined) await stopRunning();
        else await startFor(profileId);
      });
    },
    sessionBack() {
      if (running !== undefined) core.wake(running);
    },
    sessionEnded() {
      session = undefined;
      connectedProfile = undefined;
      return serially(stopRunning);
    },
    async checkProfile(profile) {
      if (!features.folderPicker) return ok(null);
      const stored = new Set(await deps.storedFolders());
      for (const folder of profile.pipeline?.folders ?? []) {
        if (!chosen.has(folder.path) && !stored.has(folder.path)) {
          return fail('invalid-request', notice('pipeline.folder-not-chosen', { path: folder.path }));
        }
      }
      return ok(null);
    },
    profileSaved(profileId) {
      return serially(async () => {
        if (session && connectedProfile === profileId) await startFor(profileId);
      });
    },
    handlers,
    connect(next) {
      emit = next;
    },
    async close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      session = undefined;
      await serially(stopRunning);
    },
  };
}

/** The console's `pipeline:*` handlers: the app's, or `unavailable` where the host runs no pipeline. */
export function pipelineHandlers(app: PipelineApp | undefined): PipelineApp['handlers'] {
  if (app) return app.handlers;
  const unavailable = () => fail('unavailable', notice('pipeline.unavailable'));
  return {
    'pipeline:get-status': unavailable,
    'pipeline:history': unavailable,
    'pipeline:export': unavailable,
    'pipeline:retry': unavailable,
    'pipeline:answer': unavailable,
    'pipeline:reveal': unavailable,
    'pipeline:choose-folder': unavailable,
  };
}
