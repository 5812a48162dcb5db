/**
 * The queue and conference reducers fed with the real events of captures 20* and 21*, in the
 * order Asterisk sent them: the state they build must be what the next QueueStatus / ConfbridgeList
 * of the same capture series said.
 */
import { describe, expect, it } from 'vitest';
import { eventName, type AmiMessage } from '../../shared/ami';
import { parseRawman } from '../../electron/ajam/rawman';
import { ConferenceBoard } from '../../electron/features/conferences/reducer';
import { memberDevice } from '../../electron/features/queues/actions';
import { QueueBoard } from '../../electron/features/queues/reducer';
import { memberChannel } from '../../shared/queues';
import { loadCapture } from '../wire/capture';

/** Every message in a capture's responses (bodies only), in order. */
function messages(name: string): AmiMessage[] {
  const out: AmiMessage[] = [];
  for (const block of loadCapture(name).blocks) {
    if (block.kind !== 'response') continue;
    const text = block.bytes.toString('latin1');
    const body = text.slice(text.indexOf('\r\n\r\n') + 4);
    out.push(...parseRawman(body).messages);
  }
  return out;
}
const events = (name: string): AmiMessage[] => messages(name).filter((m) => eventName(m) !== undefined);

describe('QueueBoard from the captures', () => {
  it('builds 20e from 20a QueueStatus then the events of 20b, 20c and 20d', () => {
    const board = new QueueBoard();
    const now = 1_796_132_660_000;
    board.load(
      messages('20a-rawman-queuestatus-empty.http').filter((m) => get(m, 'ActionID') === 'qs-all'),
      now,
    );
    for (const name of [
      '20b-rawman-queueadd-members-events.http',
      '20c-rawman-queuepause-lunch.http',
      '20d-rawman-queue-caller-joins-and-waits.http',
    ]) {
      for (const e of events(name)) board.apply(e, now);
    }
    const support = board.snapshot().queues.find((q) => q.queue === 'support');
    const alice = support?.members.find((m) => m.name === 'Alice');
    const bob = support?.members.find((m) => m.name === 'Bob');
    expect([alice?.paused, alice?.pausedReason, alice?.penalty]).toEqual([true, 'lunch', 1]);
    expect(bob?.status).toBe('INUSE');
    expect(support?.callers.map((c) => [c.position, c.channel, c.callerIdNum, c.callerIdName])).toEqual([
      [1, 'Local/300@demo-00000000;2', '5551001', 'Caller One'],
    ]);
    // 20e's QueueStatus says the same.
    const fresh = new QueueBoard();
    fresh.load(
      messages('20e-rawman-queuestatus-members-and-waiting-caller.http').filter(
        (m) => get(m, 'ActionID') === 'qs-busy',
      ),
      now,
    );
    const listed = fresh.snapshot().queues.find((q) => q.queue === 'support');
    expect(listed?.callers.map((c) => c.channel)).toEqual(support?.callers.map((c) => c.channel));
    expect(new Set(listed?.members.map((m) => `${m.name}/${m.status}/${m.paused}`))).toEqual(
      new Set(support?.members.map((m) => `${m.name}/${m.status}/${m.paused}`)),
    );
  });

  it("takes QueueSummary's counts at connect (20e), its averages only without QueueParams (20m)", () => {
    const now = 1_796_132_660_000;
    const busy = messages('20e-rawman-queuestatus-members-and-waiting-caller.http');
    const board = new QueueBoard();
    board.load(
      busy.filter((m) => get(m, 'ActionID') === 'qs-busy'),
      now,
      busy.filter((m) => get(m, 'ActionID') === 'qsum-busy'),
    );
    let support = board.snapshot().queues.find((q) => q.queue === 'support');
    expect([support?.loggedIn, support?.available, support?.longestHoldSeconds]).toEqual([2, 0, 1]);
    // 20i: Alice (paused, free) is unpaused, so she is available.
    for (const e of events('20i-rawman-queue-unpause-penalty.http')) board.apply(e, now);
    support = board.snapshot().queues.find((q) => q.queue === 'support');
    const alice = support?.members.find((m) => m.name === 'Alice');
    expect(alice?.paused).toBe(false);
    expect(support?.available).toBe(
      support?.members.filter((m) => !m.paused && (m.status === 'NOT_INUSE' || m.status === 'UNKNOWN'))
        .length,
    );
    expect(support?.available).toBeGreaterThan(0);

    const limited = messages('20m-rawman-queue-limited-user.http').filter(
      (m) => get(m, 'ActionID') === 'lim-qsum',
    );
    const summaryOnly = new QueueBoard();
    summaryOnly.load([], now, limited);
    const q = summaryOnly.snapshot().queues.find((x) => x.queue === 'support');
    expect([q?.holdTime, q?.talkTime, q?.loggedIn, q?.available]).toEqual([2, 1, 2, 0]);
    // Without the summary nothing is claimed.
    const statusOnly = new QueueBoard();
    statusOnly.load(
      busy.filter((m) => get(m, 'ActionID') === 'qs-busy'),
      now,
    );
    expect(statusOnly.snapshot().queues.find((x) => x.queue === 'support')?.available).toBeUndefined();
  });

  it('connect, complete, ring-no-answer and abandon (20g, 20h, 20j)', () => {
    const board = new QueueBoard();
    const now = 1_796_132_660_000;
    for (const name of [
      '20b-rawman-queueadd-members-events.http',
      '20d-rawman-queue-caller-joins-and-waits.http',
      '20g-rawman-queue-agent-connect.http',
    ]) {
      for (const e of events(name)) board.apply(e, now);
    }
    let support = board.snapshot().queues.find((q) => q.queue === 'support');
    expect(support?.callers).toEqual([]);
    expect(support?.members.find((m) => m.name === 'Bob')?.inCall).toBe(true);
    for (const e of events('20h-rawman-queue-agent-complete.http')) board.apply(e, now);
    support = board.snapshot().queues.find((q) => q.queue === 'support');
    const bob = support?.members.find((m) => m.name === 'Bob');
    expect([bob?.inCall, bob?.callsTaken, support?.completed]).toEqual([false, 1, 1]);
    for (const e of events('20j-rawman-queue-ringnoanswer-and-abandon.http')) board.apply(e, now + 20_000);
    support = board.snapshot().queues.find((q) => q.queue === 'support');
    expect(support?.abandoned).toBe(1);
    expect(support?.callers).toEqual([]);
    const carol = support?.members.find((m) => m.name === 'Carol');
    expect(carol?.ringing).toBe(false);
    expect(support?.members.find((m) => m.name === 'Alice')?.pausedReason).toBe('in a meeting');
  });

  it('the live channel of a member is found on the device behind its state interface', () => {
    const channels = [{ channel: 'Local/123@from-queue-00000001;1' }, { channel: 'PJSIP/123-0000002a' }];
    expect(
      memberChannel({ interface: 'Local/123@from-queue/n', stateInterface: 'hint:123@ext-local' }, channels),
    ).toEqual({
      channel: 'PJSIP/123-0000002a',
    });
    expect(memberChannel({ interface: 'PJSIP/124', stateInterface: 'PJSIP/124' }, channels)).toBeUndefined();
  });

  it('the device of a FreePBX member is the phone behind its hint', () => {
    expect(memberDevice({ interface: 'Local/101@from-queue/n', stateInterface: 'hint:101@ext-local' })).toBe(
      'PJSIP/101',
    );
    expect(memberDevice({ interface: 'Local/201@agents', stateInterface: 'Custom:agent201' })).toBe(
      'Custom:agent201',
    );
    expect(memberDevice({ interface: 'PJSIP/105', stateInterface: 'PJSIP/105' })).toBe('PJSIP/105');
  });
});

describe('ConferenceBoard from the captures', () => {
  it('joins (21b), mutes (21e), kicks (21h), ends (21k)', () => {
    const board = new ConferenceBoard();
    const now = 1_796_132_675_000;
    for (const e of events('21b-rawman-confbridge-three-join.http')) board.apply(e, now);
    let room = board.snapshot().rooms[0];
    expect(room?.conference).toBe('800');
    expect(room?.participants.map((p) => p.callerIdName).sort()).toEqual([
      'Conf One',
      'Conf Three',
      'Conf Two',
    ]);
    for (const e of events('21e-rawman-confbridge-mute-unmute-one.http').slice(0, 1)) board.apply(e, now);
    room = board.snapshot().rooms[0];
    expect(room?.participants.find((p) => p.callerIdName === 'Conf One')?.muted).toBe(true);
    for (const e of events('21h-rawman-confbridge-kick-one.http')) board.apply(e, now);
    expect(board.snapshot().rooms[0]?.participants.some((p) => p.callerIdName === 'Conf Two')).toBe(false);
    expect(board.setLocked('800', true)).toBe(true);
    expect(board.snapshot().rooms[0]?.locked).toBe(true);
    for (const e of events('21k-rawman-confbridge-last-leave-end.http')) board.apply(e, now);
    expect(board.snapshot().rooms).toEqual([]);
  });

  it('loads 21c lists', () => {
    const board = new ConferenceBoard();
    const all = messages('21c-rawman-confbridge-listrooms-list.http');
    board.load(
      all.filter((m) => eventName(m) === 'ConfbridgeListRooms'),
      new Map([['800', all.filter((m) => eventName(m) === 'ConfbridgeList')]]),
      1_000_000,
    );
    const room = board.snapshot().rooms[0];
    expect(room?.participants.map((p) => p.channel)).toEqual([
      'Local/800@demo-00000005;2',
      'Local/800@demo-00000006;2',
      'Local/800@demo-00000004;2',
    ]);
    expect(room?.participants[0]?.joinedAt).toBe(1_000_000 - 1000);
  });
});

function get(m: AmiMessage, key: string): string | undefined {
  return m.lines.find(([k]) => k === key)?.[1];
}
