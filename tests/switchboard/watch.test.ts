/**
 * A transfer or park is reported done only when Asterisk reports it: the watch is fed the event
 * streams of captures 27e, 27f and 23b in order, and the action replies alone settle nothing.
 */
import { describe, expect, it } from 'vitest';
import { makeMessage } from '../../shared/ami';
import type { SwitchboardOutcome } from '../../shared/switchboard';
import type { OutcomeTimers } from '../../electron/console/outcomes';
import { ConfirmationWatch } from '../../electron/features/switchboard/watch';
import { captureEvents, captureMessages } from './captures';

function fakeTimers(): OutcomeTimers & { fire(): void } {
  const pending = new Set<() => void>();
  return {
    set: (run) => {
      pending.add(run);
      return run;
    },
    clear: (handle) => pending.delete(handle as () => void),
    fire: () => {
      for (const run of [...pending]) {
        pending.delete(run);
        run();
      }
    },
  };
}

function watchOf(timers = fakeTimers()) {
  const outcomes: SwitchboardOutcome[] = [];
  const watch = new ConfirmationWatch({ timers });
  return { watch, outcomes, timers, report: (o: SwitchboardOutcome) => outcomes.push(o) };
}

describe('switchboard confirmation watch', () => {
  it('says a blind transfer is done at the BlindTransfer event with Result Success (27e), not at the reply', () => {
    const { watch, outcomes, report } = watchOf();
    watch.expect(
      'r1',
      {
        control: 'transfer',
        target: 'Local/110@demo-0000000f;1',
        exten: '200',
        confirm: {
          kind: 'blind',
          transferee: 'Local/110@demo-0000000f;1',
          transferer: 'Local/410@demo-0000000e;2',
        },
      },
      report,
    );
    const messages = captureMessages('27e-rawman-blindtransfer.http');
    const replyIndex = messages.findIndex((m) => m.fields['message'] === 'Transfer succeeded');
    // The action's own reply settles nothing.
    for (const m of messages.slice(0, replyIndex + 1)) watch.feed(m);
    expect(outcomes).toEqual([]);
    for (const m of messages.slice(replyIndex + 1)) watch.feed(m);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({
      requestId: 'r1',
      control: 'transfer',
      ok: true,
      notice: {
        key: 'switchboard.outcome.transferred',
        params: { channel: 'Local/110@demo-0000000f;1', exten: '200' },
      },
    });
    expect(watch.size).toBe(0);
  });

  it('reports a BlindTransfer with Result Invalid (27e) as a failure with Asterisk’s result', () => {
    const { watch, outcomes, report } = watchOf();
    watch.expect(
      'r2',
      {
        control: 'transfer',
        target: 'X/peer-1',
        exten: '200',
        confirm: { kind: 'blind', transferee: 'X/peer-1', transferer: 'Local/110@demo-0000000f;1' },
      },
      report,
    );
    const invalid = captureEvents('27e-rawman-blindtransfer.http', 'BlindTransfer').filter(
      (e) => e.fields['result'] === 'Invalid',
    );
    expect(invalid).toHaveLength(1);
    for (const e of invalid) watch.feed(e);
    expect(outcomes[0]).toMatchObject({
      ok: false,
      notice: { key: 'switchboard.outcome.transfer-failed', detail: 'Invalid' },
    });
  });

  it('says an attended transfer is done at AttendedTransfer (27f), after the consultation, not at "queued"', () => {
    const { watch, outcomes, report } = watchOf();
    watch.expect(
      'r3',
      {
        control: 'atxfer',
        target: 'Local/110@demo-00000012;1',
        exten: '200',
        confirm: {
          kind: 'attended',
          transferee: 'Local/110@demo-00000012;1',
          transferer: 'Local/410@demo-00000011;2',
        },
      },
      report,
    );
    const messages = captureMessages('27f-rawman-atxfer.http');
    const queued = messages.findIndex((m) => m.fields['message'] === 'Atxfer successfully queued');
    const hangup = messages.findIndex((m) => m.fields['message'] === 'Channel Hungup');
    for (const m of messages.slice(0, hangup)) watch.feed(m);
    expect(queued).toBeGreaterThan(0);
    expect(outcomes).toEqual([]);
    for (const m of messages.slice(hangup)) watch.feed(m);
    expect(outcomes).toEqual([
      expect.objectContaining({
        ok: true,
        notice: expect.objectContaining({ key: 'switchboard.outcome.atxfer-done' }),
      }),
    ]);
  });

  it('says a park is done at ParkedCall with the space (23b)', () => {
    const { watch, outcomes, report } = watchOf();
    watch.expect(
      'r4',
      {
        control: 'park',
        target: 'Local/100@demo-00000008;2',
        exten: '',
        confirm: { kind: 'park', channel: 'Local/100@demo-00000008;2' },
      },
      report,
    );
    for (const m of captureMessages('23b-rawman-park-answered-channel.http')) watch.feed(m);
    expect(outcomes[0]).toMatchObject({
      ok: true,
      notice: { key: 'switchboard.outcome.parked', params: { lot: 'default', space: '701' } },
    });
  });

  it('ends the wait when the moved channel hangs up first, or when Asterisk never reports', () => {
    const { watch, outcomes, report, timers } = watchOf();
    const confirm = { kind: 'park', channel: 'PJSIP/1-1' } as const;
    watch.expect('r5', { control: 'park', target: 'PJSIP/1-1', exten: '', confirm }, report);
    watch.expect(
      'r6',
      { control: 'park', target: 'PJSIP/2-2', exten: '', confirm: { kind: 'park', channel: 'PJSIP/2-2' } },
      report,
    );
    watch.feed(
      makeMessage([
        ['Event', 'Hangup'],
        ['Channel', 'PJSIP/1-1'],
      ]),
    );
    expect(outcomes.map((o) => [o.requestId, o.notice.key])).toEqual([['r5', 'switchboard.outcome.hung-up']]);
    timers.fire();
    expect(outcomes.map((o) => [o.requestId, o.ok, o.notice.key])).toEqual([
      ['r5', false, 'switchboard.outcome.hung-up'],
      ['r6', false, 'switchboard.outcome.unconfirmed'],
    ]);
  });

  it('says an unpark is done at UnParkedCall of that space (23e), and failed if it timed out first (23g)', () => {
    const { watch, outcomes, report } = watchOf();
    watch.expect(
      'u1',
      {
        control: 'unpark',
        target: 'default/701',
        exten: '',
        confirm: { kind: 'unpark', lot: 'default', space: '701' },
      },
      report,
    );
    watch.expect(
      'u2',
      {
        control: 'unpark',
        target: 'shortlot/751',
        exten: '',
        confirm: { kind: 'unpark', lot: 'shortlot', space: '751' },
      },
      report,
    );
    // 23b parks into 701: not yet taken.
    for (const m of captureMessages('23b-rawman-park-answered-channel.http')) watch.feed(m);
    expect(outcomes).toEqual([]);
    for (const m of captureMessages('23e-rawman-unpark-by-dialing-space-701.http')) watch.feed(m);
    for (const m of captureMessages('23g-rawman-parked-call-timeout.http')) watch.feed(m);
    expect(outcomes.map((o) => [o.requestId, o.ok, o.notice.key])).toEqual([
      ['u1', true, 'switchboard.outcome.unparked'],
      ['u2', false, 'switchboard.outcome.hung-up'],
    ]);
  });

  it('says a pickup is done at the Pickup event naming the ringing channel as its target', () => {
    const { watch, outcomes, report } = watchOf();
    watch.expect(
      'p1',
      {
        control: 'pickup',
        target: '105',
        exten: '',
        confirm: { kind: 'pickup', target: 'PJSIP/105-0000000a' },
      },
      report,
    );
    const pickup = (target: string) =>
      makeMessage([
        ['Event', 'Pickup'],
        ['Channel', 'PJSIP/101-0000000b'],
        ['TargetChannel', target],
      ]);
    watch.feed(pickup('PJSIP/106-0000000c'));
    expect(outcomes).toEqual([]);
    watch.feed(pickup('PJSIP/105-0000000a'));
    expect(outcomes[0]).toMatchObject({
      requestId: 'p1',
      ok: true,
      notice: { key: 'switchboard.outcome.picked-up', params: { exten: '105' } },
    });
    // The ringing channel hanging up first ends the wait as a failure.
    watch.expect(
      'p2',
      {
        control: 'pickup',
        target: '106',
        exten: '',
        confirm: { kind: 'pickup', target: 'PJSIP/106-0000000c' },
      },
      report,
    );
    watch.feed(
      makeMessage([
        ['Event', 'Hangup'],
        ['Channel', 'PJSIP/106-0000000c'],
      ]),
    );
    expect(outcomes[1]).toMatchObject({
      requestId: 'p2',
      ok: false,
      notice: { key: 'switchboard.outcome.hung-up' },
    });
  });
});
