/**
 * The desktop around the pipeline, as pure decisions: the tray tooltip's journal counts, the
 * taskbar's progress while a batch runs (and a holder that spares the window repeated calls), and
 * exactly one notification per batch, when it ends.
 */
import { describe, expect, it } from 'vitest';
import { stringsFor } from '../../electron/desktop/strings';
import { trayView, type TrayInput } from '../../electron/desktop/tray-state';
import {
  NO_PROGRESS,
  TaskbarProgressBar,
  taskbarProgress,
  type ProgressMode,
} from '../../electron/features/pipeline/taskbar';
import { NotificationRules, type NotifyConfig } from '../../electron/notify/rules';
import type { PipelineBatch } from '../../shared/pipeline';

function tray(overrides: Partial<TrayInput> = {}): TrayInput {
  return {
    session: 'connected',
    activeUploads: 0,
    profiles: [{ id: 'p1', name: 'Auditoría' }],
    selectedProfileId: 'p1',
    doNotDisturb: false,
    windowVisible: true,
    strings: stringsFor('en'),
    ...overrides,
  };
}

function batch(overrides: Partial<PipelineBatch> = {}): PipelineBatch {
  return {
    profileId: 'p1',
    total: 4,
    finished: 0,
    done: 0,
    failed: 0,
    skipped: 0,
    bytes: 4000,
    sentBytes: 0,
    ended: false,
    ...overrides,
  };
}

describe('the tray tooltip', () => {
  it('says what the recordings journal holds, in the tray’s language', () => {
    const counts = { waiting: 3, failed: 1, done: 120 };
    expect(trayView(tray({ recordings: counts })).tooltip).toBe(
      'AJAM Console — connected to Auditoría — recordings: 3 waiting, 1 failed, 120 uploaded',
    );
    expect(trayView(tray({ recordings: counts, strings: stringsFor('es') })).tooltip).toContain(
      'grabaciones: 3 en espera, 1 fallidas, 120 subidas',
    );
  });

  it('says nothing of recordings while the journal is empty or absent', () => {
    const plain = trayView(tray()).tooltip;
    expect(trayView(tray({ recordings: { waiting: 0, failed: 0, done: 0 } })).tooltip).toBe(plain);
    expect(plain).not.toContain('recordings');
  });
});

describe('the taskbar progress', () => {
  it('follows the batch’s bytes, turns red once a file failed, and goes when the batch ends', () => {
    expect(taskbarProgress(undefined)).toEqual(NO_PROGRESS);
    expect(taskbarProgress(batch({ sentBytes: 1000 }))).toEqual({ value: 0.25, mode: 'normal' });
    expect(taskbarProgress(batch({ sentBytes: 1333, failed: 1 }))).toEqual({ value: 0.33, mode: 'error' });
    expect(taskbarProgress(batch({ sentBytes: 4000, finished: 4, done: 4, ended: true }))).toEqual(
      NO_PROGRESS,
    );
    // Sizes unknown yet: files finished out of files.
    expect(taskbarProgress(batch({ bytes: 0, finished: 1 }))).toEqual({ value: 0.25, mode: 'normal' });
  });

  it('calls the window only when what it shows changes', () => {
    const calls: [number, ProgressMode][] = [];
    const bar = new TaskbarProgressBar({
      setProgressBar: (value, options) => calls.push([value, options?.mode ?? 'normal']),
    });
    bar.feed(batch({ sentBytes: 1000 }));
    bar.feed(batch({ sentBytes: 1001 }));
    bar.feed(batch({ sentBytes: 1002 }));
    bar.feed(batch({ sentBytes: 2000 }));
    bar.feed(batch({ sentBytes: 4000, finished: 4, done: 4, ended: true }));
    bar.feed(undefined);
    expect(calls).toEqual([
      [0.25, 'normal'],
      [0.5, 'normal'],
      [-1, 'none'],
    ]);
  });

  it('leaves a destroyed window alone', () => {
    const calls: number[] = [];
    const bar = new TaskbarProgressBar({
      setProgressBar: (value) => calls.push(value),
      isDestroyed: () => true,
    });
    bar.feed(batch({ sentBytes: 2000 }));
    expect(calls).toEqual([]);
  });
});

describe('one notification per batch', () => {
  const config: NotifyConfig = { watchedExtensions: [], doNotDisturb: false, language: 'en' };
  const T0 = 1_750_000_000_000;

  it('says nothing while the batch runs and once when it ends', () => {
    const rules = new NotificationRules();
    for (let sent = 0; sent <= 4000; sent += 500) {
      const out = rules.step({ kind: 'pipeline-batch', batch: batch({ sentBytes: sent }) }, config, T0);
      expect(out.show).toEqual([]);
    }
    const end = rules.step(
      {
        kind: 'pipeline-batch',
        batch: batch({ sentBytes: 4000, finished: 4, done: 3, failed: 1, ended: true }),
      },
      config,
      T0,
    );
    expect(end.show).toEqual([
      {
        key: 'pipeline:p1',
        title: 'Watched folder: 3 uploaded, 1 failed',
        body: 'Open History for the reasons and to retry.',
        click: { kind: 'show-window' },
        urgency: 'normal',
      },
    ]);
  });

  it('is worded in Spanish, quiet when only duplicates were skipped, and silent under do-not-disturb', () => {
    const rules = new NotificationRules();
    const es = rules.step(
      { kind: 'pipeline-batch', batch: batch({ finished: 4, done: 3, skipped: 1, ended: true }) },
      { ...config, language: 'es' },
      T0,
    );
    expect(es.show[0]).toMatchObject({
      title: 'Carpeta vigilada: 3 grabaciones subidas',
      body: 'Todas las grabaciones están en la centralita. 1 sin enviar (ya estaban).',
      urgency: 'low',
    });
    const skippedOnly = rules.step(
      { kind: 'pipeline-batch', batch: batch({ finished: 4, skipped: 4, ended: true }) },
      config,
      T0,
    );
    expect(skippedOnly.show).toEqual([]);
    const dnd = rules.step(
      { kind: 'pipeline-batch', batch: batch({ finished: 4, done: 4, ended: true }) },
      { ...config, doNotDisturb: true },
      T0,
    );
    expect(dnd.show).toEqual([]);
  });
});
