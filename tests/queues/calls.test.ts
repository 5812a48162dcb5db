/**
 * Queue() callers of the demo PBX driven over AJAM beyond what the captures show: a Redirect takes
 * a waiting caller out (app_queue counts it abandoned, the channel goes on in the dialplan), a
 * member's Hangup ends the call with AgentComplete Reason agent, and a ring that times out is
 * retried after the queue's `retry` seconds (electron/demo/queues/calls.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import type { Office } from '../../electron/demo/office';
import { queueCallsOf } from '../../electron/demo/queues/attach';
import { startDemoPbx } from '../../electron/demo/server';
import { get, login, request } from '../wire/replay';

let pbx: DemoPbx | null = null;
afterEach(() => {
  pbx?.close();
  pbx = null;
});

async function setup(): Promise<{ act: (q: string) => Promise<string>; step: (ms: number) => void }> {
  let now = Date.parse('2026-12-01T13:44:18.000Z');
  pbx = await startDemoPbx({ calls: 0, features: 'captures', dialplan: 'captures', clock: () => now });
  const port = pbx.port;
  const office = pbx.office as Office;
  const admin = await login(port, 'admin', '12345');
  const act = async (q: string): Promise<string> =>
    (await request(port, get(`rawman?${q}`, admin))).toString('latin1');
  await act('action=WaitEvent&Timeout=0');
  const step = (ms: number): void => {
    for (let left = ms; left > 0; left -= 100) {
      now += Math.min(100, left);
      queueCallsOf(office).advance();
    }
  };
  return { act, step };
}

/** The events of a WaitEvent answer, `Event` name first, as maps. */
function events(answer: string): Array<Map<string, string>> {
  return answer
    .split('\r\n\r\n')
    .filter((b) => b.startsWith('Event: ') && !b.startsWith('Event: WaitEventComplete'))
    .map(
      (b) => new Map(b.split('\r\n').map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)])),
    );
}

const originate =
  'action=Originate&Channel=Local/300@demo&Application=Wait&Data=600&CallerID=%22Caller%20One%22%20%3C5551001%3E&Async=true';

describe('Queue() callers over AJAM', () => {
  it('a Redirect takes a waiting caller out as abandoned; the channel goes on where it was sent', async () => {
    const { act } = await setup();
    await act(originate);
    const joined = events(await act('action=WaitEvent&Timeout=1'));
    const caller = joined.find((e) => e.get('Event') === 'QueueCallerJoin')?.get('Channel') as string;
    expect(caller).toMatch(/^Local\/300@demo-[0-9a-f]{8};2$/);
    expect(
      await act(`action=Redirect&Channel=${encodeURIComponent(caller)}&Context=demo&Exten=100&Priority=1`),
    ).toContain('Message: Redirect successful');
    const after = events(await act('action=WaitEvent&Timeout=1'));
    const names = after.map((e) => e.get('Event'));
    expect(names.indexOf('QueueCallerAbandon')).toBeGreaterThanOrEqual(0);
    expect(names.indexOf('QueueCallerLeave')).toBeGreaterThan(names.indexOf('QueueCallerAbandon'));
    expect(after.find((e) => e.get('Variable') === 'ABANDONED')?.get('Value')).toBe('TRUE');
    const next = after.find((e) => e.get('Event') === 'Newexten' && e.get('Channel') === caller);
    expect(next?.get('Exten')).toBe('100');
    const status = await act('action=QueueStatus&Queue=support');
    expect(status).toContain('Abandoned: 1\r\n');
    expect(status).not.toContain('Event: QueueEntry');
    expect(await act('action=CoreShowChannels')).toContain(`Channel: ${caller}\r\n`);
  });

  it('a channel redirected to an extension running Queue() joins the queue, and its hangup abandons', async () => {
    const { act } = await setup();
    await act(
      'action=Originate&Channel=Local/100@demo&Application=Wait&Data=600&CallerID=5551009&Async=true',
    );
    const up = events(await act('action=WaitEvent&Timeout=1'));
    const two = up
      .find((e) => e.get('Event') === 'Newchannel' && e.get('Channel')?.endsWith(';2'))
      ?.get('Channel') as string;
    await act(`action=Redirect&Channel=${encodeURIComponent(two)}&Context=demo&Exten=300&Priority=1`);
    const moved = events(await act('action=WaitEvent&Timeout=1'));
    expect(
      moved.find((e) => e.get('Event') === 'Newexten' && e.get('Application') === 'Queue')?.get('Channel'),
    ).toBe(two);
    expect(moved.find((e) => e.get('Event') === 'QueueCallerJoin')?.get('Channel')).toBe(two);
    await act(`action=Hangup&Channel=${encodeURIComponent(two.replace(/;2$/, ';1'))}`);
    const gone = events(await act('action=WaitEvent&Timeout=1')).map((e) => e.get('Event'));
    expect(gone).toContain('QueueCallerAbandon');
    expect(await act('action=CoreShowChannels')).toContain('ListItems: 0\r\n');
  });

  it('a member hanging up ends the call: AgentComplete Reason agent, the caller pair goes', async () => {
    const { act } = await setup();
    await act(
      'action=QueueAdd&Queue=support&Interface=Local/202@agents&MemberName=Bob&StateInterface=Custom:agent202',
    );
    await act('action=WaitEvent&Timeout=0');
    await act(originate);
    const connected = events(await act('action=WaitEvent&Timeout=1'));
    const leg = connected.find((e) => e.get('Event') === 'AgentConnect')?.get('DestChannel') as string;
    expect(leg).toMatch(/^Local\/202@agents-[0-9a-f]{8};1$/);
    await act(`action=Hangup&Channel=${encodeURIComponent(leg)}`);
    const ended = events(await act('action=WaitEvent&Timeout=1'));
    const complete = ended.find((e) => e.get('Event') === 'AgentComplete');
    expect(complete?.get('Reason')).toBe('agent');
    expect(complete?.get('DestChannel')).toBe(leg);
    const hungUp = ended.filter((e) => e.get('Event') === 'Hangup').map((e) => e.get('Channel'));
    expect(hungUp.filter((c) => c?.startsWith('Local/300@demo-')).length).toBe(2);
    expect(hungUp.filter((c) => c?.startsWith('Local/202@agents-')).length).toBe(2);
    expect(await act('action=CoreShowChannels')).toContain('ListItems: 0\r\n');
    const status = await act('action=QueueStatus&Queue=support');
    expect(status).toContain('Completed: 1\r\n');
    expect(status).toContain('CallsTaken: 1\r\n');
    expect(status).toContain('InCall: 0\r\n');
  });

  it('ringall calls every free member of the best penalty; the first to answer wins, the others hang up answered elsewhere', async () => {
    const { act } = await setup();
    for (const [ext, name, penalty] of [
      ['202', 'Bob', 0],
      ['203', 'Dave', 0],
      ['204', 'Erin', 1],
    ] as const) {
      await act(
        `action=QueueAdd&Queue=support&Interface=Local/${ext}@agents&MemberName=${name}&Penalty=${penalty}&StateInterface=Custom:agent${ext}`,
      );
    }
    await act('action=WaitEvent&Timeout=0');
    await act(originate);
    const list = events(await act('action=WaitEvent&Timeout=1'));
    const called = list.filter((e) => e.get('Event') === 'AgentCalled').map((e) => e.get('MemberName'));
    expect(called.sort()).toEqual(['Bob', 'Dave']);
    const connect = list.find((e) => e.get('Event') === 'AgentConnect');
    const winner = connect?.get('DestChannel') as string;
    const loser = list
      .find((e) => e.get('Event') === 'AgentCalled' && e.get('DestChannel') !== winner)
      ?.get('DestChannel') as string;
    const cancel = list.find((e) => e.get('Event') === 'DialEnd' && e.get('DestChannel') === loser);
    expect(cancel?.get('DialStatus')).toBe('CANCEL');
    const gone = list.find((e) => e.get('Event') === 'Hangup' && e.get('Channel') === loser);
    expect([gone?.get('Cause'), gone?.get('Cause-txt')]).toEqual(['26', 'Answered elsewhere']);
    // The cancelled leg went before the caller was connected.
    expect(list.indexOf(gone as Map<string, string>)).toBeLessThan(
      list.indexOf(connect as Map<string, string>),
    );
  });

  it('a member that never answers rings out after timeout and is rung again after retry', async () => {
    const { act, step } = await setup();
    await act(
      'action=QueueAdd&Queue=support&Interface=Local/299@agents&MemberName=Carol&StateInterface=Custom:agent299',
    );
    await act('action=WaitEvent&Timeout=0');
    await act(originate);
    const first = events(await act('action=WaitEvent&Timeout=1'));
    expect(first.filter((e) => e.get('Event') === 'AgentCalled').length).toBe(1);
    // support: timeout 5, retry 2 (config/features/queues.conf).
    step(4900);
    expect(events(await act('action=WaitEvent&Timeout=0')).map((e) => e.get('Event'))).not.toContain(
      'AgentRingNoAnswer',
    );
    step(200);
    const rna = events(await act('action=WaitEvent&Timeout=1'));
    expect(rna.find((e) => e.get('Event') === 'AgentRingNoAnswer')?.get('RingTime')).toBe('5000');
    // The queue's thread hangs the leg up a moment later (the demo's 5 ms timer, later on a busy machine).
    const cancelled = rna.map((e) => `${e.get('Event')} ${e.get('DialStatus') ?? ''}`);
    for (let i = 0; i < 50 && !cancelled.includes('DialEnd CANCEL'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      cancelled.push(
        ...events(await act('action=WaitEvent&Timeout=0')).map(
          (e) => `${e.get('Event')} ${e.get('DialStatus') ?? ''}`,
        ),
      );
    }
    expect(cancelled).toContain('DialEnd NOANSWER');
    expect(cancelled).toContain('DialEnd CANCEL');
    step(1800);
    expect(events(await act('action=WaitEvent&Timeout=0')).map((e) => e.get('Event'))).not.toContain(
      'AgentCalled',
    );
    step(300);
    const again = events(await act('action=WaitEvent&Timeout=1'));
    expect(again.filter((e) => e.get('Event') === 'AgentCalled').length).toBe(1);
  });
});
