import { describe, expect, it } from 'vitest';
import {
  extensionOfChannel,
  NotificationRules,
  type NotifyConfig,
  type NotifyInput,
} from '../../electron/notify/rules';
import { ipcError, type SessionStatus, type UploadItem } from '../../shared/ipc';
import { notice } from '../../shared/notices';
import type { BoardPatch, Channel } from '../../shared/model';

const config: NotifyConfig = {
  watchedExtensions: ['101', '102', 'reception'],
  doNotDisturb: false,
  language: 'en',
};
const T0 = 1_750_000_000_000;

function channel(uniqueid: string, name: string, state: string, extra: Partial<Channel> = {}): Channel {
  return {
    channel: name,
    uniqueid,
    linkedid: uniqueid,
    state,
    callerIdNum: '',
    callerIdName: '',
    connectedLineNum: '',
    connectedLineName: '',
    context: 'from-internal',
    exten: 's',
    startedAt: T0,
    bridgeId: null,
    onHold: false,
    recording: false,
    ...extra,
  };
}

/** An inbound call: the caller's channel, and the watched phone's channel ringing. */
function inboundCall(n: number, extension = '101', state = 'Ringing'): Record<string, Channel> {
  const callerId = `caller-${n}`;
  const calleeId = `callee-${n}`;
  return {
    [callerId]: channel(callerId, `PJSIP/trunk-${n.toString(16).padStart(8, '0')}`, 'Ring', {
      callerIdNum: `60000${n}`,
      callerIdName: `Cliente ${n}`,
    }),
    [calleeId]: channel(calleeId, `PJSIP/${extension}-${(n + 100).toString(16).padStart(8, '0')}`, state, {
      linkedid: callerId,
      callerIdNum: extension,
      connectedLineNum: `60000${n}`,
      connectedLineName: `Cliente ${n}`,
    }),
  };
}

const patch = (channels: BoardPatch['channels']): NotifyInput => ({
  kind: 'board-patch',
  patch: { channels },
});
const status = (state: SessionStatus['state'], extra: Partial<SessionStatus> = {}): NotifyInput => ({
  kind: 'status',
  status: { state, url: 'https://pbx:8089/asterisk', user: 'operator', since: T0, ...extra },
});

describe('extension of a channel', () => {
  it.each([
    ['PJSIP/101-0000002a', '101'],
    ['SIP/reception-00a1', 'reception'],
    ['PJSIP/trunk-provider-00000001', 'trunk-provider'],
    ['Local/101@from-internal-00000001;2', '101'],
    ['IAX2/101', '101'],
    ['garbage', undefined],
  ])('%s -> %s', (name, extension) => {
    expect(extensionOfChannel(name)).toBe(extension);
  });
});

describe('ringing calls', () => {
  it('notifies a call ringing on a watched extension, with caller ID, and focuses it on click', () => {
    const rules = new NotificationRules();
    const out = rules.step(patch(inboundCall(1)), config, T0);
    expect(out.show).toEqual([
      {
        key: 'ring:callee-1',
        title: 'Ringing on 101',
        body: 'From Cliente 1 <600001>',
        click: { kind: 'focus-call', uniqueid: 'callee-1' },
        urgency: 'critical',
      },
    ]);
    // Still ringing in the next patch: no second notification.
    expect(rules.step(patch(inboundCall(1)), config, T0 + 100).show).toEqual([]);
  });

  it('ignores unwatched extensions and states other than Ringing', () => {
    const rules = new NotificationRules();
    expect(rules.step(patch(inboundCall(1, '200')), config, T0).show).toEqual([]);
    expect(rules.step(patch(inboundCall(2, '101', 'Up')), config, T0).show).toEqual([]);
    expect(rules.step(patch(inboundCall(3, '1010')), config, T0).show).toEqual([]);
  });

  it('falls back to the caller channel, then to "unknown caller"', () => {
    const rules = new NotificationRules();
    const call = inboundCall(1);
    const callee = call['callee-1'];
    if (!callee) throw new Error('fixture');
    call['callee-1'] = { ...callee, connectedLineNum: '', connectedLineName: '' };
    expect(rules.step(patch(call), config, T0).show[0]?.body).toBe('From Cliente 1 <600001>');
    const lonely = {
      x: channel('x', 'PJSIP/102-00000009', 'Ringing', { linkedid: 'nobody', connectedLineNum: '<unknown>' }),
    };
    expect(rules.step(patch(lonely), config, T0).show[0]?.body).toBe('From unknown caller');
  });

  it('dismisses the notification when the call is answered or hangs up', () => {
    const rules = new NotificationRules();
    rules.step(patch(inboundCall(1)), config, T0);
    rules.step(patch(inboundCall(2, '102')), config, T0);
    const answered = inboundCall(1, '101', 'Up');
    expect(rules.step(patch({ 'callee-1': answered['callee-1'] ?? null }), config, T0 + 5).dismiss).toEqual([
      'ring:callee-1',
    ]);
    expect(rules.step(patch({ 'callee-2': null }), config, T0 + 6).dismiss).toEqual(['ring:callee-2']);
    // A call that rings again later is new.
    expect(rules.step(patch(inboundCall(1)), config, T0 + 7).show).toHaveLength(1);
  });

  it('treats a snapshot as the whole board', () => {
    const rules = new NotificationRules();
    rules.step(patch(inboundCall(1)), config, T0);
    const out = rules.step(
      { kind: 'board-snapshot', snapshot: { channels: inboundCall(2, '102'), bridges: {}, endpoints: {} } },
      config,
      T0 + 1,
    );
    expect(out.dismiss).toEqual(['ring:callee-1']);
    expect(out.show.map((n) => n.key)).toEqual(['ring:callee-2']);
  });

  it('speaks Spanish', () => {
    const rules = new NotificationRules();
    const [shown] = rules.step(patch(inboundCall(1)), { ...config, language: 'es' }, T0).show;
    expect(shown).toMatchObject({ title: 'Llamada entrante en 101', body: 'De Cliente 1 <600001>' });
  });
});

describe('no storm', () => {
  it('groups 50 calls ringing at once into one notification', () => {
    const rules = new NotificationRules();
    const board: Record<string, Channel> = {};
    for (let n = 0; n < 50; n++) Object.assign(board, inboundCall(n, n % 2 ? '101' : '102'));
    const first = rules.step(patch(board), config, T0);
    expect(first.show).toEqual([]);
    expect(first.wakeAt).toBe(T0 + 1000);
    expect(rules.step({ kind: 'tick' }, config, T0 + 999).show).toEqual([]);
    const due = rules.step({ kind: 'tick' }, config, T0 + 1000);
    expect(due.show).toEqual([
      {
        key: 'ringing-group',
        title: '50 calls ringing',
        body: 'On 101, 102',
        click: { kind: 'show-window' },
        urgency: 'critical',
      },
    ]);
    expect(due.wakeAt).toBeUndefined();
    expect(rules.step({ kind: 'tick' }, config, T0 + 5000).show).toEqual([]);
  });

  /** Feeds one new ringing call every 30 ms (one patch per batching interval), ticking when asked. */
  function storm(calls: number) {
    const rules = new NotificationRules();
    const shown: { key: string; at: number; title: string; body: string }[] = [];
    let wakeAt: number | undefined;
    const record = (out: ReturnType<NotificationRules['step']>, at: number) => {
      shown.push(...out.show.map((s) => ({ key: s.key, at, title: s.title, body: s.body })));
      wakeAt = out.wakeAt;
    };
    let now = T0;
    for (let n = 0; n < calls; n++, now += 30) {
      while (wakeAt !== undefined && wakeAt <= now)
        record(rules.step({ kind: 'tick' }, config, wakeAt), wakeAt);
      record(rules.step(patch(inboundCall(n, n % 3 ? '101' : 'reception')), config, now), now);
    }
    while (wakeAt !== undefined) record(rules.step({ kind: 'tick' }, config, wakeAt), wakeAt);
    return shown;
  }

  it('groups a storm that arrives over many patches, after the first few', () => {
    const shown = storm(50);
    expect(shown.filter((s) => s.key.startsWith('ring:'))).toHaveLength(3);
    const groups = shown.filter((s) => s.key === 'ringing-group');
    // The first group gathers for 1 s; the calls after it come in one follow-up 5 s later.
    expect(groups).toHaveLength(2);
    expect(groups[0]?.at).toBe(T0 + 3 * 30 + 1000);
    expect(groups[1]?.at).toBe((groups[0]?.at ?? 0) + 5000);
    expect(groups[1]?.title).toBe('50 calls ringing');
    expect(groups[1]?.body).toMatch(/^On 101, reception \(\+\d+ more since the last alert\)$/);
  });

  it('keeps a 10-second storm to a handful of notifications', () => {
    const shown = storm(334);
    expect(shown.filter((s) => s.key.startsWith('ring:'))).toHaveLength(3);
    expect(shown.filter((s) => s.key === 'ringing-group').length).toBeLessThanOrEqual(3);
  });

  it('does not announce a group whose calls all stopped ringing while it gathered', () => {
    const rules = new NotificationRules();
    const board: Record<string, Channel> = {};
    for (let n = 0; n < 10; n++) Object.assign(board, inboundCall(n));
    rules.step(patch(board), config, T0);
    const gone = Object.fromEntries(Object.keys(board).map((id) => [id, null]));
    rules.step(patch(gone), config, T0 + 500);
    expect(rules.step({ kind: 'tick' }, config, T0 + 1000).show).toEqual([]);
  });

  it('goes back to single notifications once the window has passed', () => {
    const rules = new NotificationRules();
    const board: Record<string, Channel> = {};
    for (let n = 0; n < 20; n++) Object.assign(board, inboundCall(n));
    rules.step(patch(board), config, T0);
    rules.step({ kind: 'tick' }, config, T0 + 1000);
    const later = rules.step(patch(inboundCall(99)), config, T0 + 60_000);
    expect(later.show.map((s) => s.key)).toEqual(['ring:callee-99']);
  });
});

describe('do not disturb', () => {
  it('shows nothing, and does not replay when turned off', () => {
    const rules = new NotificationRules();
    const dnd = { ...config, doNotDisturb: true };
    expect(rules.step(patch(inboundCall(1)), dnd, T0).show).toEqual([]);
    expect(rules.step(status('connected'), dnd, T0).show).toEqual([]);
    expect(rules.step(status('lost'), dnd, T0 + 1).show).toEqual([]);
    expect(
      rules.step(
        { kind: 'upload-batch', result: { batchId: 'b', uploaded: 2, failed: 0, cancelled: 0 } },
        dnd,
        T0,
      ).show,
    ).toEqual([]);
    // DND off: the call that was already ringing is not announced late.
    expect(rules.step(patch(inboundCall(1)), config, T0 + 2).show).toEqual([]);
    expect(rules.step(patch(inboundCall(2)), config, T0 + 3).show).toHaveLength(1);
  });

  it('drops a gathering group', () => {
    const rules = new NotificationRules();
    const board: Record<string, Channel> = {};
    for (let n = 0; n < 10; n++) Object.assign(board, inboundCall(n));
    rules.step(patch(board), config, T0);
    expect(rules.step({ kind: 'tick' }, { ...config, doNotDisturb: true }, T0 + 1000).show).toEqual([]);
  });
});

describe('connection', () => {
  it('notifies a loss once per outage and the return', () => {
    const rules = new NotificationRules();
    expect(rules.step(status('connecting'), config, T0).show).toEqual([]);
    expect(rules.step(status('connected'), config, T0).show).toEqual([]);
    const refused = ipcError('refused', notice('ajam.refused', { origin: 'http://10.0.0.5:8089' }));
    const lost = rules.step(status('lost', { retryInSeconds: 5, error: refused }), config, T0 + 1000);
    expect(lost.show).toEqual([
      {
        key: 'connection',
        title: 'Connection to the PBX lost',
        body: `https://pbx:8089/asterisk: ${refused.message}. Retrying in 5 s.`,
        click: { kind: 'show-window' },
        urgency: 'critical',
      },
    ]);
    expect(rules.step(status('lost', { retryInSeconds: 10 }), config, T0 + 6000).show).toEqual([]);
    const back = rules.step(status('back'), config, T0 + 31_000);
    expect(back.show).toEqual([
      expect.objectContaining({
        key: 'connection',
        title: 'Connection to the PBX is back',
        urgency: 'normal',
      }),
    ]);
    expect(back.show[0]?.body).toContain('after 30 s offline');
  });

  it('words the reason of a loss in the notification language (issue 12 item 18)', () => {
    const rules = new NotificationRules();
    const spanish = { ...config, language: 'es' as const };
    rules.step(status('connected'), spanish, T0);
    const refused = ipcError('refused', notice('ajam.refused', { origin: 'http://10.0.0.5:8089' }));
    const [shown] = rules.step(
      status('lost', { retryInSeconds: 5, error: refused }),
      spanish,
      T0 + 1000,
    ).show;
    expect(shown?.body).toContain('Nada acepta conexiones en http://10.0.0.5:8089');
    expect(shown?.body).not.toContain(refused.message);
  });

  it('stays quiet for a failed first connect and a deliberate disconnect', () => {
    const rules = new NotificationRules();
    expect(rules.step(status('lost'), config, T0).show).toEqual([]);
    rules.step(status('connected'), config, T0);
    rules.step(status('closed'), config, T0 + 1);
    expect(rules.step(status('lost'), config, T0 + 2).show).toEqual([]);
    expect(rules.step(status('connected'), config, T0 + 3).show).toEqual([]);
  });
});

describe('uploads', () => {
  const item = (id: string, name: string, state: UploadItem['state']): NotifyInput => ({
    kind: 'upload-progress',
    item: { id, batchId: 'b1', name, state, totalBytes: 10, sentBytes: 10, warnings: [] },
  });

  it('reports a batch with the failed names', () => {
    const rules = new NotificationRules();
    rules.step(item('1', 'a.wav', 'done'), config, T0);
    rules.step(item('2', 'b.wav', 'failed'), config, T0);
    rules.step(item('2', 'b.wav', 'failed'), config, T0);
    const out = rules.step(
      { kind: 'upload-batch', result: { batchId: 'b1', uploaded: 1, failed: 1, cancelled: 0 } },
      config,
      T0,
    );
    expect(out.show).toEqual([
      {
        key: 'upload:b1',
        title: 'Upload finished: 1 uploaded, 1 failed',
        body: 'Failed: b.wav. Open the upload panel for the reasons.',
        click: { kind: 'show-uploads' },
        urgency: 'normal',
      },
    ]);
  });

  it('reports success quietly and stays silent when everything was cancelled', () => {
    const rules = new NotificationRules();
    const ok = rules.step(
      { kind: 'upload-batch', result: { batchId: 'b2', uploaded: 3, failed: 0, cancelled: 0 } },
      { ...config, language: 'es' },
      T0,
    );
    expect(ok.show).toEqual([expect.objectContaining({ title: '3 grabaciones subidas', urgency: 'low' })]);
    const cancelled = rules.step(
      { kind: 'upload-batch', result: { batchId: 'b3', uploaded: 0, failed: 0, cancelled: 4 } },
      config,
      T0,
    );
    expect(cancelled.show).toEqual([]);
  });
});
