import type { NotificationConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { Notifier } from '../../electron/desktop/notifier';
import { escapeMarkup, notificationText } from '../../electron/notify/markup';
import { NotificationRules, type NotifyConfig } from '../../electron/notify/rules';
import type { Channel } from '../../shared/model';

const T0 = 1_750_000_000_000;

function ringing(id: string, ext: string): Channel {
  return {
    channel: `PJSIP/${ext}-000000${id}`,
    uniqueid: id,
    linkedid: id,
    state: 'Ringing',
    callerIdNum: ext,
    callerIdName: '',
    connectedLineNum: '600100200',
    connectedLineName: 'Cliente',
    context: 'from-internal',
    exten: 's',
    startedAt: T0,
    bridgeId: null,
    onHold: false,
    recording: false,
  };
}

function setup(
  config: NotifyConfig = { watchedExtensions: ['101'], doNotDisturb: false, language: 'en' },
  platform: NodeJS.Platform = 'darwin',
) {
  const shown: { options: NotificationConstructorOptions; closed: boolean; click: () => void }[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  let now = T0;
  const onClick = vi.fn();
  const notifier = new Notifier({
    rules: new NotificationRules(),
    config: () => config,
    supported: () => true,
    create: (options) => {
      const listeners = new Map<string, () => void>();
      const entry = { options, closed: false, click: () => listeners.get('click')?.() };
      shown.push(entry);
      return {
        show: () => undefined,
        close: () => {
          entry.closed = true;
          listeners.get('close')?.();
        },
        on: (event: string, listener: () => void) => listeners.set(event, listener),
      };
    },
    onClick,
    now: () => now,
    setTimer: (run, ms) => timers.push({ run, ms }),
    clearTimer: () => undefined,
    platform,
  });
  return { notifier, shown, timers, onClick, advance: (ms: number) => (now += ms) };
}

describe('notification text per platform', () => {
  it('escapes & < > for libnotify on Linux only, so it shows exactly what the PBX sent', () => {
    expect(escapeMarkup('Díaz & Hijos <b>VIP</b> <600100200> &amp;')).toBe(
      'Díaz &amp; Hijos &lt;b&gt;VIP&lt;/b&gt; &lt;600100200&gt; &amp;amp;',
    );
    expect(notificationText('A & B <1>', 'linux')).toBe('A &amp; B &lt;1&gt;');
    expect(notificationText('A & B <1>', 'win32')).toBe('A & B <1>');
    expect(notificationText('A & B <1>', 'darwin')).toBe('A & B <1>');
  });

  it.each([
    ['linux', 'Ringing on 101', 'From Díaz &amp; Hijos &lt;b&gt; &lt;600100200&gt;'],
    ['win32', 'Ringing on 101', 'From Díaz & Hijos <b> <600100200>'],
  ] as const)('hands %s the title and body it can show verbatim', (platform, title, body) => {
    const { notifier, shown } = setup(undefined, platform);
    const channel = { ...ringing('a', '101'), connectedLineName: 'Díaz & Hijos <b>' };
    notifier.feed({ kind: 'board-patch', patch: { channels: { a: channel } } });
    expect(shown[0]?.options).toMatchObject({ title, body });
  });
});

describe('notifier', () => {
  it('shows, routes the click, and closes when the call stops ringing', () => {
    const { notifier, shown, onClick } = setup();
    notifier.feed({ kind: 'board-patch', patch: { channels: { a: ringing('a', '101') } } });
    expect(shown).toHaveLength(1);
    expect(shown[0]?.options).toMatchObject({
      title: 'Ringing on 101',
      body: 'From Cliente <600100200>',
      urgency: 'critical',
    });
    shown[0]?.click();
    expect(onClick).toHaveBeenCalledWith({ kind: 'focus-call', uniqueid: 'a' });
    notifier.feed({ kind: 'board-patch', patch: { channels: { a: null } } });
    expect(shown[0]?.closed).toBe(true);
  });

  it('replaces a notification with the same key and wakes up for a gathered group', () => {
    const { notifier, shown, timers, advance } = setup();
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`c${i}`, ringing(`c${i}`, '101')]));
    notifier.feed({ kind: 'board-patch', patch: { channels: many } });
    expect(shown).toHaveLength(0);
    expect(timers).toHaveLength(1);
    expect(timers[0]?.ms).toBe(1000);
    advance(1000);
    timers[0]?.run();
    expect(shown.map((s) => s.options.title)).toEqual(['12 calls ringing']);
    notifier.feed({ kind: 'status', status: { state: 'connected', url: 'u', user: 'x', since: T0 } });
    notifier.feed({ kind: 'status', status: { state: 'lost', url: 'u', user: 'x', since: T0 } });
    notifier.feed({ kind: 'status', status: { state: 'back', url: 'u', user: 'x', since: T0 } });
    const connection = shown.filter((s) => s.options.title?.startsWith('Connection'));
    expect(connection.map((s) => [s.options.title, s.closed])).toEqual([
      ['Connection to the PBX lost', true],
      ['Connection to the PBX is back', false],
    ]);
  });
});
