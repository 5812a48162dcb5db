/**
 * The pipeline's pure decisions: which files are taken (patterns, temporary files), what content
 * is refused under an audio name, the stored name (extension case, WAV header against extension,
 * the wav16 policy), duplicates and names taken, retry classes and backoff, settling, the
 * history's filter and CSV.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decideName, freeName, needsHash, type NameUse } from '../../electron/pipeline/conflict';
import { wrongContent } from '../../electron/pipeline/content';
import { historyCsv, historyPage } from '../../electron/pipeline/history';
import { fileFilter, globToRegExp, isTemporaryName } from '../../electron/pipeline/patterns';
import { storedName } from '../../electron/pipeline/precheck';
import { backoffMs, failureKind } from '../../electron/pipeline/retry';
import { settleStep } from '../../electron/pipeline/settle';
import { notice } from '../../shared/notices';
import type { HistoryEntry } from '../../shared/pipeline';
import { wavHeader } from '../upload/helpers';

describe('patterns', () => {
  it('takes audio extensions in any case by default and never temporary files', () => {
    const f = fileFilter([], []);
    expect(f.accepts('exten-113-3004579622-20250802-120405-1754153905.5203765.wav')).toBe(true);
    expect(f.accepts('LLAMADA.WAV')).toBe(true);
    expect(f.accepts('sub/call.Gsm')).toBe(true);
    expect(f.accepts('notes.txt')).toBe(false);
    for (const name of ['call.wav.part', 'call.tmp', '~$call.wav', 'call.wav.crdownload', 'call.wav~']) {
      expect(isTemporaryName(name), name).toBe(true);
      expect(f.accepts(name), name).toBe(false);
    }
  });

  it('include and exclude globs, case-insensitive, ** across folders, {a,b}', () => {
    const f = fileFilter(['exten-*.{wav,gsm}'], ['**/old/**', '*-test.*']);
    expect(f.accepts('EXTEN-113.WAV')).toBe(true);
    expect(f.accepts('a/b/exten-1.gsm')).toBe(true);
    expect(f.accepts('exten-1.mp3')).toBe(false);
    expect(f.accepts('a/old/exten-1.wav')).toBe(false);
    expect(f.accepts('exten-1-test.wav')).toBe(false);
    expect(globToRegExp('2025/*.wav').test('2025/x.wav')).toBe(true);
    expect(globToRegExp('2025/*.wav').test('x/2025/x.wav')).toBe(false);
  });
});

describe('content and stored name', () => {
  const pcm = (rate: number) => Buffer.concat([wavHeader({ rate, dataBytes: 1000 }), randomBytes(1000)]);

  it('refuses what is not audio under an audio name, whatever the case of the extension', () => {
    expect(wrongContent('wav', Buffer.from('%PDF-1.7 ...'))).toBe('pdf');
    expect(wrongContent('WAV', Buffer.from('just some text written in a file'))).toBe('text');
    expect(wrongContent('mp3', Buffer.from('PK\x03\x04zipzipzip', 'latin1'))).toBe('zip');
    expect(wrongContent('sln', Buffer.from('a plain text file, not samples at all'))).toBe('text');
    expect(wrongContent('gsm', pcm(8000))).toBe('wav');
    expect(wrongContent('wav', pcm(8000))).toBeUndefined();
    expect(wrongContent('ulaw', randomBytes(4000))).toBeUndefined();
    expect(wrongContent('mp3', Buffer.from([0xff, 0xfb, 0x90, 0x00]))).toBeUndefined();
  });

  it('stores LLAMADA.WAV holding 8 kHz PCM as LLAMADA.wav, a GSM .WAV as is, and .MP3 as .mp3', () => {
    expect(storedName('LLAMADA.WAV', pcm(8000), 'rename')).toMatchObject({ name: 'LLAMADA.wav' });
    const gsm = wavHeader({ format: 0x31, rate: 8000, bits: 0 });
    expect(storedName('LLAMADA.WAV', gsm, 'rename')).toMatchObject({ name: 'LLAMADA.WAV' });
    expect(storedName('x.MP3', Buffer.from('ID3\x04'), 'rename')).toMatchObject({ name: 'x.mp3' });
  });

  it('a 16 kHz WAV under .wav: renamed to .wav16, or sent as is with a warning, as the profile says', () => {
    const renamed = storedName('call.wav', pcm(16000), 'rename');
    expect(renamed).toMatchObject({ name: 'call.wav16' });
    expect('warnings' in renamed && renamed.warnings.map((w) => w.key)).toEqual(['pipeline.renamed']);
    const warned = storedName('call.wav', pcm(16000), 'warn');
    expect(warned).toMatchObject({ name: 'call.wav' });
    expect('warnings' in warned && warned.warnings.map((w) => w.key)).toEqual(['upload.wav-rate']);
    expect(storedName('call.wav16', pcm(8000), 'warn')).toMatchObject({ name: 'call.wav' });
  });

  it('refuses an extension Asterisk cannot play, and a fake', () => {
    expect(storedName('call.docx', Buffer.from('x'), 'rename')).toMatchObject({
      refusal: { key: 'upload.bad-extension' },
    });
    expect(storedName('call.wav', Buffer.from('%PDF-1.4'), 'rename')).toMatchObject({
      refusal: { key: 'pipeline.not-audio', params: { name: 'call.wav', ext: 'wav', found: 'pdf' } },
    });
  });
});

describe('names taken and duplicates', () => {
  const table: Record<string, NameUse[]> = {
    'a.wav': [{ sha256: 'h1', size: 10 }],
    'a-1.wav': [{ sha256: 'h2', size: 5 }],
  };
  const uses = (n: string) => table[n] ?? [];

  it('the same content is a duplicate; a different file follows the policy', () => {
    expect(needsHash('a.wav', 10, uses)).toBe(true);
    expect(needsHash('a.wav', 11, uses)).toBe(false);
    expect(decideName('a.wav', 10, 'h1', uses, 'overwrite')).toEqual({ kind: 'duplicate' });
    expect(decideName('a.wav', 11, undefined, uses, 'skip')).toEqual({ kind: 'skip' });
    expect(decideName('a.wav', 11, undefined, uses, 'ask')).toEqual({ kind: 'ask' });
    expect(decideName('a.wav', 11, undefined, uses, 'overwrite')).toEqual({
      kind: 'send',
      name: 'a.wav',
      overwrites: true,
    });
    expect(decideName('a.wav', 10, 'h9', uses, 'rename')).toEqual({
      kind: 'send',
      name: 'a-2.wav',
      overwrites: false,
      renamedFrom: 'a.wav',
    });
    expect(decideName('b.wav', 10, undefined, uses, 'skip')).toEqual({
      kind: 'send',
      name: 'b.wav',
      overwrites: false,
    });
  });

  it('a suffix keeps a long name within the safe length', () => {
    const long = `${'x'.repeat(196)}.wav`;
    expect(freeName(long, () => false)).toHaveLength(200);
  });
});

describe('retries', () => {
  it('PBX down, session lost, TLS, no reply pass; refusals that need a fix do not', () => {
    for (const code of ['connect', 'no-session', 'tls', 'no-reply', 'network', 'stalled', 'server-error'])
      expect(failureKind(code), code).toBe('transient');
    for (const code of ['bad-request', 'permission', 'not-found', 'bad-name', 'plain-http-refused'])
      expect(failureKind(code), code).toBe('permanent');
    expect(failureKind('file-changed')).toBe('file');
  });

  it('backs off exponentially up to 5 minutes', () => {
    expect(backoffMs(1, undefined, 0)).toBe(2000);
    expect(backoffMs(2, undefined, 0)).toBe(4000);
    expect(backoffMs(8, undefined, 0)).toBe(256_000);
    expect(backoffMs(9, undefined, 0)).toBe(300_000);
    expect(backoffMs(50, undefined, 0)).toBe(300_000);
    expect(backoffMs(50, undefined, 0.99)).toBeGreaterThan(0.8 * 300_000);
  });
});

describe('settling', () => {
  const seen = { size: 10, mtimeMs: 100, since: 1000, lastEventAt: 1000 };
  it('is complete only once size and mtime held still for the settle time since the last event', () => {
    expect(settleStep(seen, undefined, 2000, 500)).toEqual({ kind: 'gone' });
    expect(settleStep(seen, { size: 11, mtimeMs: 100 }, 9000, 500)).toEqual({ kind: 'changed' });
    expect(settleStep(seen, { size: 10, mtimeMs: 101 }, 9000, 500)).toEqual({ kind: 'changed' });
    expect(settleStep(seen, { size: 10, mtimeMs: 100 }, 1400, 500)).toEqual({ kind: 'wait', untilMs: 1500 });
    expect(settleStep({ ...seen, lastEventAt: 1300 }, { size: 10, mtimeMs: 100 }, 1600, 500)).toEqual({
      kind: 'wait',
      untilMs: 1800,
    });
    expect(settleStep(seen, { size: 10, mtimeMs: 100 }, 1500, 500)).toEqual({ kind: 'still' });
  });
});

describe('history', () => {
  const entry = (
    id: string,
    result: HistoryEntry['result'],
    extra: Partial<HistoryEntry> = {},
  ): HistoryEntry => ({
    id,
    profileId: 'p',
    path: `/rec/${id}.wav`,
    sendName: `${id}.wav`,
    size: 100,
    sha256: 'ab'.repeat(32),
    pbx: 'https://pbx:8089/asterisk',
    mapping: 'recordings',
    createdAt: Number(id.replace(/\D/g, '')),
    result,
    attempts: 1,
    ...extra,
  });
  const entries = [
    entry('e1', 'done', { pbxMessage: 'File successfully uploaded.', durationMs: 30, finishedAt: 5 }),
    entry('e2', 'failed', { notice: notice('upload.permission'), pbxMessage: 'Permission denied' }),
    entry('e3', 'waiting'),
    entry('e4', 'refused', {
      sendName: '=cmd|calc.wav',
      notice: notice('upload.empty', { name: '=cmd|calc.wav' }),
    }),
  ];

  it('filters, searches, sorts newest first and counts', () => {
    expect(historyPage(entries, {}).entries.map((e) => e.id)).toEqual(['e4', 'e3', 'e2', 'e1']);
    expect(historyPage(entries, { filter: 'failed' }).entries.map((e) => e.id)).toEqual(['e4', 'e2']);
    expect(historyPage(entries, { filter: 'waiting' }).entries.map((e) => e.id)).toEqual(['e3']);
    expect(historyPage(entries, { search: 'PERMISSION' }).entries.map((e) => e.id)).toEqual(['e2']);
    expect(historyPage(entries, { limit: 1, offset: 1 })).toMatchObject({
      total: 4,
      counts: { done: 1, failed: 2, waiting: 1 },
    });
  });

  it('exports CSV per RFC 4180 with formulas defused', () => {
    const csv = historyCsv(entries);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'created,finished,result,name,path,size,sha256,pbx,mapping,duration_ms,attempts,pbx_words,reason,after',
    );
    expect(lines[1]).toContain(',done,e1.wav,/rec/e1.wav,100,');
    expect(lines[1]).toContain(',30,1,File successfully uploaded.,,');
    expect(lines[4]).toContain(",'=cmd|calc.wav,");
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('Settler', () => {
  it('waits while the file does not open for reading (a writer holding it on Windows), then settles', async () => {
    const { Settler } = await import('../../electron/pipeline/settle');
    let readable = false;
    const settled: string[] = [];
    const settler = new Settler({
      settleMs: 50,
      fs: { stat: () => Promise.resolve({ size: 10, mtimeMs: 1 }), canRead: () => Promise.resolve(readable) },
      onSettled: (path) => settled.push(path),
    });
    settler.touch('/rec/a.wav');
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toEqual([]);
    readable = true;
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toEqual(['/rec/a.wav']);
    settler.close();
  });

  it('starts over when the size or time changes, and reports a file that went away', async () => {
    const { Settler } = await import('../../electron/pipeline/settle');
    let size = 10;
    const gone: string[] = [];
    const settled: string[] = [];
    const settler = new Settler({
      settleMs: 150,
      fs: {
        stat: () => Promise.resolve(size < 0 ? undefined : { size, mtimeMs: 1 }),
        canRead: () => Promise.resolve(true),
      },
      onSettled: (path) => settled.push(path),
      onGone: (path) => gone.push(path),
    });
    settler.touch('/rec/b.wav');
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 60));
      size += 10;
    }
    expect(settled).toEqual([]);
    size = -1;
    await new Promise((r) => setTimeout(r, 400));
    expect(settled).toEqual([]);
    expect(gone).toEqual(['/rec/b.wav']);
    settler.close();
  });
});
