/**
 * Main sends the queues as patches (only the queues that changed, only what changed in them). Fed
 * with the real events of captures 20*, the patches folded over the snapshot at connect must give
 * exactly the board's own snapshot after every event; and a patch must hold nothing that did not change.
 */
import { describe, expect, it } from 'vitest';
import { eventName, makeMessage, type AmiMessage } from '../../shared/ami';
import { parseRawman } from '../../electron/ajam/rawman';
import { QueueBoard } from '../../electron/features/queues/reducer';
import { applyQueuePatches, patchMembers, type QueueMember } from '../../shared/queues';
import { loadCapture } from '../wire/capture';
import { queueMember } from './members';

function messages(name: string): AmiMessage[] {
  const out: AmiMessage[] = [];
  for (const block of loadCapture(name).blocks) {
    if (block.kind !== 'response') continue;
    const text = block.bytes.toString('latin1');
    out.push(...parseRawman(text.slice(text.indexOf('\r\n\r\n') + 4)).messages);
  }
  return out;
}
const events = (name: string): AmiMessage[] => messages(name).filter((m) => eventName(m) !== undefined);
const field = (m: AmiMessage, key: string): string | undefined => m.lines.find(([k]) => k === key)?.[1];

const NOW = 1_796_132_660_000;

/** Two queues of three members, one caller waiting in `a`, the summary's counts known. */
function twoQueues(): QueueBoard {
  const items: AmiMessage[] = [];
  const summary: AmiMessage[] = [];
  for (const queue of ['a', 'b']) {
    items.push(
      makeMessage([
        ['Event', 'QueueParams'],
        ['Queue', queue],
        ['Strategy', 'ringall'],
      ]),
    );
    for (const ext of ['1', '2', '3']) {
      items.push(
        makeMessage([
          ['Event', 'QueueMember'],
          ['Queue', queue],
          ['Name', `${queue}${ext}`],
          ['Location', `PJSIP/${queue}${ext}`],
          ['Membership', 'dynamic'],
          ['Status', '1'],
          ['Paused', '0'],
        ]),
      );
    }
    summary.push(
      makeMessage([
        ['Event', 'QueueSummary'],
        ['Queue', queue],
        ['LoggedIn', '3'],
        ['Available', '3'],
      ]),
    );
  }
  items.push(
    makeMessage([
      ['Event', 'QueueEntry'],
      ['Queue', 'a'],
      ['Position', '1'],
      ['Channel', 'PJSIP/trunk-1'],
      ['Uniqueid', 'u1'],
      ['Wait', '3'],
    ]),
  );
  const board = new QueueBoard();
  board.load(items, NOW, summary);
  return board;
}

const memberEvent = (event: string, queue: string, iface: string, extra: Array<[string, string]> = []) =>
  makeMessage([
    // The first of a repeated key counts: `extra` overrides the defaults after it.
    ...extra,
    ['Event', event],
    ['Queue', queue],
    ['Interface', iface],
    ['MemberName', iface],
    ['Membership', 'dynamic'],
    ['Status', '1'],
    ['Paused', '0'],
  ]);

describe('queue patches', () => {
  it('folded over the snapshot at connect, they give the board after every event of 20b–20j', () => {
    const board = new QueueBoard();
    const busy = messages('20e-rawman-queuestatus-members-and-waiting-caller.http');
    board.load(
      busy.filter((m) => field(m, 'ActionID') === 'qs-busy'),
      NOW,
      busy.filter((m) => field(m, 'ActionID') === 'qsum-busy'),
    );
    let held = board.snapshot().queues;
    let applied = 0;
    for (const name of [
      '20b-rawman-queueadd-members-events.http',
      '20c-rawman-queuepause-lunch.http',
      '20d-rawman-queue-caller-joins-and-waits.http',
      '20g-rawman-queue-agent-connect.http',
      '20h-rawman-queue-agent-complete.http',
      '20i-rawman-queue-unpause-penalty.http',
      '20j-rawman-queue-ringnoanswer-and-abandon.http',
      '20k-rawman-queueremove.http',
    ]) {
      for (const e of events(name)) {
        if (board.apply(e, NOW)) applied++;
        held = applyQueuePatches(held, board.takePatches());
        expect(held, `${name}: ${eventName(e)}`).toEqual(board.snapshot().queues);
      }
    }
    expect(applied).toBeGreaterThan(20);
    expect(board.takePatches()).toEqual([]);
  });

  it('a pause sends only that member of that queue, with the counts it changed', () => {
    const board = twoQueues();
    expect(board.takePatches()).toEqual([]);
    board.apply(memberEvent('QueueMemberPause', 'b', 'PJSIP/b2', [['Paused', '1']]), NOW);
    const patches = board.takePatches();
    expect(patches.map((p) => p.queue)).toEqual(['b']);
    const [p] = patches;
    expect(p?.members?.map((m) => [m.interface, m.paused])).toEqual([['PJSIP/b2', true]]);
    expect([p?.head?.loggedIn, p?.head?.available]).toEqual([3, 2]);
    expect(p?.callers).toBeUndefined();
    expect(p?.removed).toBeUndefined();
    // A status that changes no count sends the member alone.
    board.apply(memberEvent('QueueMemberStatus', 'b', 'PJSIP/b2', [['Paused', '1']]), NOW);
    expect(board.takePatches()).toEqual([
      { queue: 'b', members: [expect.objectContaining({ interface: 'PJSIP/b2' })] },
    ]);
  });

  it('callers go whole (positions move together); a member removed then added again is not removed', () => {
    const board = twoQueues();
    board.apply(
      makeMessage([
        ['Event', 'QueueCallerJoin'],
        ['Queue', 'a'],
        ['Position', '2'],
        ['Channel', 'PJSIP/trunk-2'],
        ['Uniqueid', 'u2'],
      ]),
      NOW,
    );
    board.apply(
      makeMessage([
        ['Event', 'QueueCallerLeave'],
        ['Queue', 'a'],
        ['Uniqueid', 'u1'],
      ]),
      NOW,
    );
    board.apply(memberEvent('QueueMemberRemoved', 'a', 'PJSIP/a1'), NOW);
    board.apply(memberEvent('QueueMemberRemoved', 'a', 'PJSIP/a3'), NOW);
    board.apply(memberEvent('QueueMemberAdded', 'a', 'PJSIP/a1'), NOW);
    const [p, ...rest] = board.takePatches();
    expect(rest).toEqual([]);
    expect(p?.callers?.map((c) => [c.position, c.uniqueid])).toEqual([[1, 'u2']]);
    expect(p?.members?.map((m) => m.interface)).toEqual(['PJSIP/a1']);
    expect(p?.removed).toEqual(['PJSIP/a3']);
    // The new member goes last, as app_queue lists it.
    expect(board.snapshot().queues[0]?.members.map((m) => m.interface)).toEqual(['PJSIP/a2', 'PJSIP/a1']);
  });

  it('a queue first seen in an event comes with its head; a load leaves nothing to patch', () => {
    const board = twoQueues();
    board.apply(memberEvent('QueueMemberAdded', 'nueva', 'PJSIP/9'), NOW);
    const [p] = board.takePatches();
    expect(p?.queue).toBe('nueva');
    expect(p?.head).toBeDefined();
    board.apply(memberEvent('QueueMemberPause', 'a', 'PJSIP/a1', [['Paused', '1']]), NOW);
    board.load([], NOW);
    expect(board.takePatches()).toEqual([]);
  });

  it('applying a patch twice changes nothing more (a window may get one its snapshot already holds)', () => {
    const board = twoQueues();
    const before = board.snapshot().queues;
    board.apply(memberEvent('QueueMemberPause', 'a', 'PJSIP/a2', [['Paused', '1']]), NOW);
    board.apply(memberEvent('QueueMemberRemoved', 'b', 'PJSIP/b1'), NOW);
    const patches = board.takePatches();
    const once = applyQueuePatches(before, patches);
    expect(applyQueuePatches(once, patches)).toEqual(once);
    expect(once).toEqual(board.snapshot().queues);
  });

  it('patchMembers keeps unchanged members as they were and returns the same list for no change', () => {
    const m = (iface: string, paused = false): QueueMember => queueMember(iface, { paused });
    const list = [m('x'), m('y'), m('z')];
    expect(patchMembers(list, [], [])).toBe(list);
    const next = patchMembers(list, [m('y', true), m('w')], ['z']);
    expect(next.map((x) => [x.interface, x.paused])).toEqual([
      ['x', false],
      ['y', true],
      ['w', false],
    ]);
    expect(next[0]).toBe(list[0]);
  });
});
