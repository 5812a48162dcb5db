/**
 * A profile's `pipeline` section read back from disk or an import file. Pure. A section that was
 * written by hand (or by a development build) is completed from the defaults rather than refused,
 * and a part that cannot be read is dropped with a note: a bad watched folder must never cost the
 * admin the whole profile (the PBX address, trust, mapping) the way a strict parse would.
 */
import * as v from 'valibot';
import { DEFAULT_PIPELINE_CONFIG, defaultWatchedFolder } from '../../shared/pipeline';
import { PipelineConfigSchema, WatchedFolderSchema } from '../../shared/pipeline-contract';

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `leave`, `delete`, `move:subidos`: the CLI's --after, also accepted in a hand-written file. */
function afterOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (value === 'leave' || value === 'delete') return { kind: value };
  const move = /^move:(.+)$/.exec(value);
  return move ? { kind: 'move', dir: move[1] } : value;
}

function folderOf(value: unknown): unknown {
  if (typeof value === 'string') return defaultWatchedFolder(value);
  if (!isRecord(value) || typeof value['path'] !== 'string') return value;
  return { ...defaultWatchedFolder(value['path']), ...value };
}

/** The profile with its pipeline section completed, or without it (and a note) when unreadable. */
export function repairPipelineSection(profile: Raw, label: string, notes: string[]): Raw {
  if (!('pipeline' in profile)) return profile;
  const { pipeline: raw, ...rest } = profile;
  if (raw === undefined || raw === null) return rest;
  if (!isRecord(raw)) {
    notes.push(`profile "${label}": its recordings pipeline settings were unreadable and were removed`);
    return rest;
  }
  const folders: unknown[] = [];
  for (const item of Array.isArray(raw['folders']) ? raw['folders'] : []) {
    const folder = folderOf(item);
    if (v.is(WatchedFolderSchema, folder)) folders.push(folder);
    else {
      const shown = isRecord(item) ? String(item['path'] ?? '?') : String(item);
      notes.push(
        `profile "${label}": watched folder ${shown.slice(0, 200)} was dropped (not an absolute folder)`,
      );
    }
  }
  const section = {
    ...DEFAULT_PIPELINE_CONFIG,
    ...raw,
    ...('after' in raw ? { after: afterOf(raw['after']) } : {}),
    folders,
  };
  const parsed = v.safeParse(PipelineConfigSchema, section);
  if (!parsed.success) {
    notes.push(`profile "${label}": its recordings pipeline settings were unreadable and were removed`);
    return rest;
  }
  return { ...rest, pipeline: parsed.output };
}
