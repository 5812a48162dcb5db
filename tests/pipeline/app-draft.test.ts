/** The profile editor's pipeline fields and the contract's section they become (pure). */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  folderDraft,
  parsePatterns,
  pipelineDraft,
  shortSha,
  toPipelineConfig,
} from '../../renderer/src/pipeline/draft';
import { draftFromForm, toProfileInput } from '../../renderer/src/lib/profiles';
import { ProfileInputSchema } from '../../shared/ipc';
import type { PipelineConfig } from '../../shared/pipeline';

const CONFIG: PipelineConfig = {
  enabled: true,
  folders: [
    {
      path: 'C:\\var\\local\\auditorai\\wav',
      recursive: true,
      polling: true,
      include: ['*.wav', '*.WAV16'],
      exclude: ['tmp/**'],
    },
  ],
  settleSeconds: 7,
  pollSeconds: 5,
  overwrite: 'ask',
  wav16: 'warn',
  after: { kind: 'move', dir: 'subidos' },
};

describe('the pipeline fields of the profile editor', () => {
  it('a stored section comes back unchanged through the fields', () => {
    expect(toPipelineConfig(pipelineDraft(CONFIG))).toEqual(CONFIG);
  });

  it('a profile that never used the pipeline saves without the section', () => {
    const draft = {
      ...draftFromForm({
        url: 'https://pbx:8089/asterisk',
        user: 'admin',
        postMapping: '',
        operatorEndpoint: '',
      }),
      name: 'A',
    };
    expect(toProfileInput(draft)).not.toHaveProperty('pipeline');
  });

  it('typed patterns, a trimmed move folder and numbers from the inputs make a section the contract accepts', () => {
    const draft = pipelineDraft(undefined);
    draft.folders.push({ ...folderDraft('/srv/wav'), include: ' *.wav ;*.gsm\n*.wav ', exclude: '' });
    draft.enabled = true;
    draft.after = 'move';
    draft.moveDir = '  subidos ';
    // <input type="number"> hands strings over on some paths.
    draft.settleSeconds = '3' as unknown as number;
    const config = toPipelineConfig(draft);
    expect(config).toMatchObject({
      folders: [{ path: '/srv/wav', include: ['*.wav', '*.gsm'], exclude: [] }],
      settleSeconds: 3,
      after: { kind: 'move', dir: 'subidos' },
    });
    const input = { name: 'A', url: 'https://pbx:8089/asterisk', user: 'admin', pipeline: config };
    expect(v.safeParse(ProfileInputSchema, input).success).toBe(true);
  });

  it('delete and leave carry no folder', () => {
    const draft = pipelineDraft(CONFIG);
    draft.after = 'delete';
    expect(toPipelineConfig(draft)?.after).toEqual({ kind: 'delete' });
    draft.after = 'leave';
    expect(toPipelineConfig(draft)?.after).toEqual({ kind: 'leave' });
    // Switching back to move keeps what was typed.
    draft.after = 'move';
    expect(toPipelineConfig(draft)?.after).toEqual({ kind: 'move', dir: 'subidos' });
  });

  it('splits patterns and shortens hashes', () => {
    expect(parsePatterns('a, b;c\n\n a ')).toEqual(['a', 'b', 'c']);
    expect(shortSha('0123456789abcdef'.repeat(4))).toBe('0123456789ab');
    expect(shortSha('')).toBe('');
  });
});
