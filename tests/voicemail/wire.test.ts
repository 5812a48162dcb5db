/**
 * Captures 22* (app_voicemail, MWI) replayed against the demo PBX with the capture instance's
 * voicemail.conf, in order. What happened outside the captured connections is done the same way:
 * message files dropped into the spool (here the demo's in-memory spool), `voicemail reload` on the
 * CLI, the admin session's VoicemailRefresh.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import type { Office } from '../../electron/demo/office';
import { startDemoPbx } from '../../electron/demo/server';
import { voicemailOf } from '../../electron/demo/voicemail/attach';
import { QUEUE_REPLAYED } from '../queues/captures';
import { loadCapture } from '../wire/capture';
import { get, login, replay, request, SessionMap } from '../wire/replay';

describe('voicemail captures (22*), replayed in order', () => {
  let pbx: DemoPbx;
  const map = new SessionMap();
  let admin = '';
  beforeAll(async () => {
    pbx = await startDemoPbx({ calls: 0, features: 'captures' });
    admin = await login(pbx.port, 'admin', '12345');
  });
  afterAll(() => pbx.close());

  const play = async (name: string, from = 0, to?: number): Promise<void> => {
    const capture = loadCapture(name);
    const conns = await replay({ ...capture, blocks: capture.blocks.slice(from, to) }, pbx.port, map);
    for (const c of conns.values()) c.close();
  };
  const store = () => voicemailOf(pbx.office as Office);

  it('22a: an empty mailbox, the users, MWIGet unknown', async () => {
    await play('22a-rawman-voicemail-empty-mailbox.http');
  });

  it('22b: counts straight from the spool, MessageWaiting on refresh (Urgent announced again)', async () => {
    const vm = store();
    vm.deposit('101', 'default', 'INBOX', {
      id: '1796130000-00000000',
      callerId: '"Caller One" <5551001>',
      date: 'Tue Dec  1 01:00:00 PM UTC 2026',
      duration: 3,
    });
    vm.deposit('101', 'default', 'INBOX', {
      id: '1796130060-00000001',
      callerId: '"Caller Two" <5551002>',
      date: 'Tue Dec  1 01:01:00 PM UTC 2026',
      duration: 7,
    });
    vm.deposit('101', 'default', 'Urgent', {
      id: '1796130120-00000002',
      callerId: '"Boss" <5559999>',
      date: 'Tue Dec  1 01:02:00 PM UTC 2026',
      duration: 2,
    });
    vm.deposit('102', 'default', 'Old', {
      id: '1796130180-00000003',
      callerId: '"Caller Three" <5551003>',
      date: 'Tue Dec  1 01:03:00 PM UTC 2026',
      duration: 4,
    });
    await play('22b-rawman-mwi-refresh-messagewaiting.http');
  });

  it('22c: box summary, user status, users list with counts', async () => {
    await play('22c-rawman-voicemail-box-summary-user-status.http');
  });

  it('22d: move to Old, an unknown id, remove', async () => {
    await play('22d-rawman-voicemail-move-remove.http');
  });

  it('22e: voicemail reload announces every box; an unchanged refresh says nothing', async () => {
    store().reload();
    await play('22e-rawman-mwi-after-cli-voicemail-reload.http');
  });

  it('22f: the error answers (several of them Success)', async () => {
    await play('22f-rawman-voicemail-errors.http');
  });

  it('22g: the limited user counts and lists, may not refresh, and gets MessageWaiting', async () => {
    await play('22g-rawman-voicemail-limited-user.http', 0, 12);
    store().deposit('102', 'default', 'INBOX', {
      id: '1796130240-00000004',
      callerId: '"Caller Four" <5551004>',
      date: 'Tue Dec  1 01:04:00 PM UTC 2026',
      duration: 5,
    });
    const answer = await request(
      pbx.port,
      get('rawman?action=VoicemailRefresh&Context=default&Mailbox=102', admin),
    );
    if (!answer.toString('latin1').includes('Refresh sent')) throw new Error(answer.toString('latin1'));
    await play('22g-rawman-voicemail-limited-user.http', 12);
  });

  it('the wire coverage lists these as replayed', () => {
    for (const name of ['22a', '22b', '22c', '22d', '22e', '22f', '22g']) {
      if (!QUEUE_REPLAYED.some((n) => n.startsWith(name))) throw new Error(`${name} not listed`);
    }
  });
});
