/**
 * The pipeline section of the profile editor as the operator types it, and the contract's
 * PipelineConfig it becomes. Pure: the editor and the tests share it.
 */
import {
  DEFAULT_PIPELINE_CONFIG,
  type AfterSuccess,
  type OverwritePolicy,
  type PipelineConfig,
  type Wav16Policy,
} from '../../../shared/pipeline';

export interface FolderDraft {
  path: string;
  recursive: boolean;
  polling: boolean;
  /** Patterns as typed: `*.wav, *.gsm` (comma, semicolon or new line between them). */
  include: string;
  exclude: string;
}

export type AfterKind = AfterSuccess['kind'];

export interface PipelineDraft {
  enabled: boolean;
  folders: FolderDraft[];
  settleSeconds: number;
  pollSeconds: number;
  overwrite: OverwritePolicy;
  wav16: Wav16Policy;
  after: AfterKind;
  /** The move-to folder (kept while another choice is shown, so switching back keeps it). */
  moveDir: string;
}

export function parsePatterns(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,;\n]+/)
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    ),
  ];
}

export function folderDraft(path: string): FolderDraft {
  return { path, recursive: false, polling: false, include: '', exclude: '' };
}

export function pipelineDraft(config: PipelineConfig | undefined): PipelineDraft {
  const c = config ?? DEFAULT_PIPELINE_CONFIG;
  return {
    enabled: c.enabled,
    folders: c.folders.map((f) => ({
      path: f.path,
      recursive: f.recursive,
      polling: f.polling,
      include: f.include.join(', '),
      exclude: f.exclude.join(', '),
    })),
    settleSeconds: c.settleSeconds,
    pollSeconds: c.pollSeconds,
    overwrite: c.overwrite,
    wav16: c.wav16,
    after: c.after.kind,
    moveDir: c.after.kind === 'move' ? c.after.dir : 'subidos',
  };
}

/**
 * The contract's section, or undefined when there is nothing to keep (never turned on, no folder):
 * a profile that never used the pipeline stays without the section.
 */
export function toPipelineConfig(draft: PipelineDraft): PipelineConfig | undefined {
  const folders = draft.folders
    .filter((f) => f.path.trim() !== '')
    .map((f) => ({
      path: f.path.trim(),
      recursive: f.recursive,
      polling: f.polling,
      include: parsePatterns(f.include),
      exclude: parsePatterns(f.exclude),
    }));
  if (!draft.enabled && folders.length === 0) return undefined;
  const after: AfterSuccess =
    draft.after === 'move'
      ? { kind: 'move', dir: draft.moveDir.trim() }
      : draft.after === 'delete'
        ? { kind: 'delete' }
        : { kind: 'leave' };
  return {
    enabled: draft.enabled,
    folders,
    settleSeconds: Number(draft.settleSeconds),
    pollSeconds: Number(draft.pollSeconds),
    overwrite: draft.overwrite,
    wav16: draft.wav16,
    after,
  };
}

/** The first 12 hex digits: enough to tell files apart at a glance, the whole hash in the CSV. */
export function shortSha(sha256: string): string {
  return sha256.slice(0, 12);
}
