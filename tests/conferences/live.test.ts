/**
 * The demo's ConfBridge() outside the captures' scenario: the live office's own threads (no test
 * holding them), a call sent to the office's room, the living office's phones calling the room and
 * leaving it, and a kick of such a phone, all over real HTTP on the demo PBX.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { confBridgeOf, conferenceRoomsOf } from '../../electron/demo/conferences/attach';
import { idlePhones, phoneJoinsRoom } from '../../electron/demo/conferences/dial-in';
import type { Office } from '../../electron/demo/office';
import { ENDPOINTS } from '../../electron/demo/office';
import { startDemoPbx } from '../../electron/demo/server';
import { get, login, request } from '../wire/replay';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function demo(calls = 0): Promise<{ pbx: DemoPbx; office: Office; admin: string }> {
  const pbx = await startDemoPbx({ calls });
  cleanups.push(() => pbx.close());
  const admin = await login(pbx.port, 'admin', '12345');
  await request(pbx.port, get('rawman?action=WaitEvent&Timeout=0', admin));
  return { pbx, office: pbx.office as Office, admin };
}

async function ami(pbx: DemoPbx, id: string, query: string): Promise<string> {
  return (await request(pbx.port, get(`rawman?${query}`, id))).toString('latin1');
}

/** The events (name and channel) of every WaitEvent until `done` sees what it waits for. */
async function eventsUntil(pbx: DemoPbx, id: string, done: (events: string[]) => boolean): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 20 && !done(seen); i++) {
    const body = await ami(pbx, id, 'action=WaitEvent&Timeout=1');
    for (const block of body.split('\r\n\r\n')) {
      const name = /^Event: (\S+)/.exec(block)?.[1];
      if (!name || name === 'WaitEventComplete') continue;
      const channel = /\r\nChannel: ([^\r]*)/.exec(block)?.[1] ?? '';
      const value = /\r\nValue: ([^\r]*)/.exec(block)?.[1];
      seen.push([name, channel, ...(value !== undefined ? [value] : [])].join(' '));
    }
  }
  return seen;
}

describe('ConfBridge() in the running demo', () => {
  it('originated Local/800@demo pairs join on their own threads, in the order they were queued', async () => {
    const { pbx, office, admin } = await demo();
    for (const n of [1, 2]) {
      const answer = await ami(
        pbx,
        admin,
        `action=Originate&Channel=Local/800@demo&Application=Wait&Data=600&CallerID=Guest%20${n}%20%3C55500${n}%3E&Async=true`,
      );
      expect(answer).toContain('Originate successfully queued');
    }
    const seen = await eventsUntil(
      pbx,
      admin,
      (e) => e.filter((x) => x.startsWith('ConfbridgeJoin')).length === 2,
    );
    // Each ;2 enters the bridge, then its ConfbridgeJoin; the announcer is everyone's first peer.
    const joins = seen.filter((e) => /^(ConfbridgeStart|ConfbridgeJoin|BridgeEnter)/.test(e));
    const [first, second] = joins
      .filter((e) => e.startsWith('ConfbridgeJoin'))
      .map((e) => e.split(' ')[1] ?? '');
    expect(first).toMatch(/^Local\/800@demo-0000000[0-2];2$/);
    expect(joins).toEqual([
      'ConfbridgeStart ',
      `BridgeEnter ${first}`,
      `ConfbridgeJoin ${first}`,
      `BridgeEnter ${second}`,
      `ConfbridgeJoin ${second}`,
    ]);
    const peers = seen.filter((e) => e.startsWith(`VarSet ${first} `)).map((e) => e.split(' ')[2]);
    expect(peers[0]).toMatch(/^CBAnn\/800-0000000[0-2];2$/);
    expect(peers[1]).toBe(`${peers[0]},${second}`);
    const list = await ami(pbx, admin, 'action=ConfbridgeListRooms');
    expect(list).toContain('Conference: 800\r\nParties: 2\r\n');

    // A Hangup of a ;2 itself: it leaves, its ;1 follows; then the other's owner goes and the room ends.
    const one = (name: string): string => encodeURIComponent(name.replace(/;2$/, ';1'));
    await ami(pbx, admin, `action=Hangup&Channel=${encodeURIComponent(second ?? '')}`);
    await ami(pbx, admin, `action=Hangup&Channel=${one(first ?? '')}`);
    const after = await eventsUntil(pbx, admin, (e) => e.some((x) => x.startsWith('BridgeDestroy')));
    const ones = (name: string): string => name.replace(/;2$/, ';1');
    expect(after.filter((e) => /^(Confbridge|Hangup |BridgeDestroy)/.test(e))).toEqual([
      `Hangup ${second}`,
      `ConfbridgeLeave ${second}`,
      `Hangup ${ones(second ?? '')}`,
      `Hangup ${ones(first ?? '')}`,
      `ConfbridgeLeave ${first}`,
      'ConfbridgeEnd ',
      `Hangup ${first}`,
      'BridgeDestroy ',
    ]);
    expect(office.chans).toEqual([]);
    expect(await ami(pbx, admin, 'action=ConfbridgeListRooms')).toContain('No active conferences.');
  });

  it('a call sent to the office room (900@from-internal) joins it and its phone peer hangs up', async () => {
    const { pbx, office, admin } = await demo(1);
    const call = office.officeCalls()[0];
    if (!call) throw new Error('no office call');
    if (call.phase === 'ringing') office.answerCall(call);
    const caller = call.caller.name;
    const callee = call.callee.name;
    await request(pbx.port, get('rawman?action=WaitEvent&Timeout=0', admin));
    const answer = await ami(
      pbx,
      admin,
      `action=Redirect&Channel=${encodeURIComponent(caller)}&Context=from-internal&Exten=900&Priority=1`,
    );
    expect(answer).toContain('Redirect successful');
    const seen = await eventsUntil(pbx, admin, (e) => e.some((x) => x.startsWith('ConfbridgeJoin')));
    expect(seen).toContain(`Newexten ${caller}`);
    expect(seen).toContain(`Hangup ${callee}`);
    expect(seen.filter((e) => e.startsWith('Confbridge'))).toEqual([
      'ConfbridgeStart ',
      `ConfbridgeJoin ${caller}`,
    ]);
    expect(
      conferenceRoomsOf(office)
        .find('900')
        ?.participants.map((p) => p.channel),
    ).toEqual([caller]);
    expect(office.find(caller)?.bridge?.name).toBe('900');
  });

  it("the living office's phones are in use in the room; a kicked one hangs up and is free again", async () => {
    const { pbx, office, admin } = await demo();
    const app = confBridgeOf(office);
    const [chair, guest] = ENDPOINTS.slice(20, 22);
    if (!chair || !guest) throw new Error('no phones');
    phoneJoinsRoom(office, app, chair, '900', { admin: true, marked: true });
    const c = phoneJoinsRoom(office, app, guest, '900', { admin: false, marked: false });
    expect(office.deviceState(`PJSIP/${guest.id}`)).toBe('INUSE');
    // Who may call the room next: idle phones, never the operator's own (the softphone's 101).
    expect(idlePhones(office).map((e) => e.id)).not.toContain(guest.id);
    expect(idlePhones(office).map((e) => e.id)).not.toContain('101');
    const list = await ami(pbx, admin, 'action=ConfbridgeList&Conference=900');
    expect(list).toContain(`Admin: Yes\r\nMarkedUser: Yes`);
    expect(list).toContain(
      `Channel: ${c.name}\r\nChannelState: 6\r\nChannelStateDesc: Up\r\nCallerIDNum: ${guest.id}\r\n`,
    );
    await request(pbx.port, get('rawman?action=WaitEvent&Timeout=0', admin));
    const kick = await ami(
      pbx,
      admin,
      `action=ConfbridgeKick&Conference=900&Channel=${encodeURIComponent(c.name)}`,
    );
    expect(kick).toContain('Message: User kicked');
    const seen = await eventsUntil(pbx, admin, (e) => e.some((x) => x.startsWith('ConfbridgeLeave')));
    expect(seen.slice(0, 3)).toEqual([
      `VarSet ${c.name} KICKED`,
      `VarSet ${c.name} `,
      `BridgeLeave ${c.name}`,
    ]);
    expect(office.find(c.name)).toBeUndefined();
    expect(office.deviceState(`PJSIP/${guest.id}`)).toBe('NOT_INUSE');
    // The chair's phone put down: the room ends with it.
    app.farEndHangup(office.chans[0]?.name ?? '');
    expect(conferenceRoomsOf(office).find('900')).toBeUndefined();
    expect(office.chans).toEqual([]);
  });
});

describe('a Redirect of a user out of ConfBridge', () => {
  it('leaves the room (the last one out ends it) and goes on in the dialplan', async () => {
    const { pbx, office, admin } = await demo();
    const app = confBridgeOf(office);
    const [a, b] = ENDPOINTS.slice(24, 26);
    if (!a || !b) throw new Error('no phones');
    const first = phoneJoinsRoom(office, app, a, '900', { admin: true, marked: true });
    const second = phoneJoinsRoom(office, app, b, '900', { admin: false, marked: false });
    await request(pbx.port, get('rawman?action=WaitEvent&Timeout=0', admin));
    for (const c of [second, first]) {
      const answer = await ami(
        pbx,
        admin,
        `action=Redirect&Channel=${encodeURIComponent(c.name)}&Context=from-internal&Exten=600&Priority=1`,
      );
      expect(answer).toContain('Redirect successful');
    }
    const seen = await eventsUntil(pbx, admin, (e) => e.some((x) => x.startsWith('BridgeDestroy')));
    expect(seen.filter((e) => /^(Confbridge|BridgeLeave|BridgeDestroy|Newexten)/.test(e))).toEqual([
      `BridgeLeave ${second.name}`,
      `ConfbridgeLeave ${second.name}`,
      `Newexten ${second.name}`,
      `Newexten ${second.name}`,
      `ConfbridgeLeave ${first.name}`,
      `BridgeLeave ${first.name}`,
      'ConfbridgeEnd ',
      'BridgeDestroy ',
      `Newexten ${first.name}`,
      `Newexten ${first.name}`,
    ]);
    // Both are still up, now in the echo test, and no room is left.
    expect(office.chans.map((c) => `${c.name} ${c.exten} ${c.app}`)).toEqual([
      `${first.name} 600 Echo`,
      `${second.name} 600 Echo`,
    ]);
    expect(conferenceRoomsOf(office).rooms).toEqual([]);
  });
});

describe('a locked room', () => {
  it('refuses a call sent to it (CONFBRIDGE_RESULT=FAILED, hung up) and takes one again once unlocked', async () => {
    const { pbx, office, admin } = await demo(1);
    const app = confBridgeOf(office);
    const [chair] = ENDPOINTS.slice(28, 29);
    if (!chair) throw new Error('no phone');
    phoneJoinsRoom(office, app, chair, '900', { admin: true, marked: true });
    expect(await ami(pbx, admin, 'action=ConfbridgeLock&Conference=900')).toContain('Conference locked');
    const call = office.officeCalls()[0];
    if (!call) throw new Error('no office call');
    if (call.phase === 'ringing') office.answerCall(call);
    const caller = call.caller.name;
    await request(pbx.port, get('rawman?action=WaitEvent&Timeout=0', admin));
    await ami(
      pbx,
      admin,
      `action=Redirect&Channel=${encodeURIComponent(caller)}&Context=from-internal&Exten=900&Priority=1`,
    );
    const seen = await eventsUntil(pbx, admin, (e) => e.includes(`Hangup ${caller}`));
    expect(seen).toContain(`VarSet ${caller} FAILED`);
    expect(seen.some((e) => e.startsWith('ConfbridgeJoin'))).toBe(false);
    expect(office.find(caller)).toBeUndefined();
    expect(conferenceRoomsOf(office).find('900')?.participants).toHaveLength(1);

    // Unlocked, a phone gets in.
    await ami(pbx, admin, 'action=ConfbridgeUnlock&Conference=900');
    const [guest] = ENDPOINTS.slice(29, 30);
    if (!guest) throw new Error('no phone');
    phoneJoinsRoom(office, app, guest, '900', { admin: false, marked: false });
    expect(conferenceRoomsOf(office).find('900')?.participants).toHaveLength(2);
  });
});
