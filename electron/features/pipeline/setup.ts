/**
 * Opens the pipeline for a host (the Electron app, the browser preview): its journal in the host's
 * data folder, the core, and the app around it reading each profile's pipeline section from the
 * settings. One call, so main.ts and preview.ts stay glue.
 */
import { join } from 'node:path';
import { PipelineService, type PipelineServiceOptions } from '../../pipeline/service';
import type { Settings } from '../../settings/settings';
import { createPipelineApp, type PipelineApp, type PipelineHost } from './app';

/** The journal's file name in the app's user data (or the preview's data folder). */
export const JOURNAL_FILE = 'pipeline-journal.jsonl';

export interface OpenedPipeline {
  readonly app: PipelineApp;
  readonly core: PipelineService;
  close(): Promise<void>;
}

export async function openPipeline(options: {
  readonly dataDir: string;
  readonly settings: Pick<Settings, 'profile' | 'profiles'>;
  readonly host?: PipelineHost;
  readonly log?: (message: string) => void;
  /** Core options for tests (backoff, settle, engine). */
  readonly core?: Omit<PipelineServiceOptions, 'journalPath'>;
}): Promise<OpenedPipeline> {
  const core = await PipelineService.open({
    ...options.core,
    journalPath: join(options.dataDir, JOURNAL_FILE),
  });
  const { settings } = options;
  const app = createPipelineApp({
    core,
    ...(options.host ? { host: options.host } : {}),
    ...(options.log ? { log: options.log } : {}),
    profileConfig: (profileId) => settings.profile(profileId)?.pipeline,
    storedFolders: () => settings.profiles().flatMap((p) => (p.pipeline?.folders ?? []).map((f) => f.path)),
  });
  return {
    app,
    core,
    async close() {
      await app.close();
      await core.close();
    },
  };
}
