/**
 * The switchboard's pickup and unpark controls against the demo PBX over HTTP on 127.0.0.1, in the
 * shapes main sends (shared/switchboard.ts): Originate of the operator's phone into
 * PickupChan(<ringing channel>) (app_directed_pickup.c + main/pickup.c), and into the parked
 * call's space in the lot's context (res_parking's parkedcalls,701 = ParkedCall(default,701), 23e).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { login } from '../wire/replay';
import { action, drainEvents, field, named, snapshotKeys, type Message } from './messages';

const OPERATOR = '110';

const enc = encodeURIComponent;
const events = (list: Message[]): string[] => list.map((m) => field(m, 'Event') ?? '');

/**
 * An async Originate runs after its answer (setTimeout in the demo, another thread in Asterisk):
 * the session's events until the one that ends the control, by WaitEvent, a bounded number of times.
 */
async function eventsUntil(port: number, id: string, last: string): Promise<Message[]> {
  const seen: Message[] = [];
  for (let i = 0; i < 10 && !events(seen).includes(last); i++) {
    const got = await action(port, id, 'action=WaitEvent&Timeout=1');
    seen.push(...got.filter((m) => m[0]?.[0] === 'Event' && field(m, 'Event') !== 'WaitEventComplete'));
  }
  return [...seen, ...(await drainEvents(port, id))];
}

describe('switchboard controls on the demo PBX', () => {
  let pbx: DemoPbx | undefined;
  afterEach(async () => {
    await pbx?.close();
    pbx = undefined;
  });

  it("picks up a ringing extension: the operator's phone answers, Pickup names both, the caller is bridged with the operator and the ringing leg is gone", async () => {
    pbx = await startDemoPbx({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    const caller = pbx.office.placeCall({ from: '+34911234567', fromName: 'Cliente Madrid', to: '102' });
    const ringing = pbx.office.channels().find((c) => c.channel.startsWith('PJSIP/102-'));
    expect(ringing?.state).toBe('Ringing');
    const target = ringing?.channel as string;
    await drainEvents(pbx.port, id);
    const queued = await action(
      pbx.port,
      id,
      `action=Originate&Channel=PJSIP/${OPERATOR}&Application=PickupChan&Data=${enc(target)}` +
        `&CallerID=${enc('"102" <102>')}&Async=true&ActionID=pk`,
    );
    expect(field(queued[0] ?? [], 'Response')).toBe('Success');
    const seen = await eventsUntil(pbx.port, id, 'OriginateResponse');
    const response = named(seen, 'OriginateResponse')[0] ?? [];
    expect([field(response, 'Response'), field(response, 'Application'), field(response, 'Data')]).toEqual([
      'Success',
      'PickupChan',
      target,
    ]);
    const picker = field(response, 'Channel') as string;
    expect(picker).toMatch(new RegExp(`^PJSIP/${OPERATOR}-`));
    const pickup = named(seen, 'Pickup')[0] ?? [];
    // pickup.c's call_pickup_to_ami(): the picker's snapshot, then the target's with prefix Target.
    expect(pickup.map(([k]) => k)).toEqual([
      'Event',
      'Privilege',
      'SystemName',
      ...snapshotKeys(),
      ...snapshotKeys('Target'),
    ]);
    expect([field(pickup, 'Channel'), field(pickup, 'TargetChannel')]).toEqual([picker, target]);
    expect(field(pickup, 'TargetChannelStateDesc')).toBe('Ringing');
    // The picker's connected line is the caller, told before the Pickup.
    const order = events(seen);
    expect(order.indexOf('NewConnectedLine')).toBeLessThan(order.indexOf('Pickup'));
    // The Originate's own dial of the operator's phone ends first, with no calling channel (05d-1).
    const dials = named(seen, 'DialEnd');
    expect([field(dials[0] ?? [], 'Channel'), field(dials[0] ?? [], 'DestChannel')]).toEqual([
      undefined,
      picker,
    ]);
    const dialEnd = dials.find((m) => field(m, 'Channel') === caller) ?? [];
    expect([field(dialEnd, 'Channel'), field(dialEnd, 'DestChannel'), field(dialEnd, 'DialStatus')]).toEqual([
      caller,
      picker,
      'ANSWER',
    ]);
    const hangup = named(seen, 'Hangup').find((m) => field(m, 'Channel') === target) ?? [];
    expect([field(hangup, 'Cause'), field(hangup, 'Cause-txt')]).toEqual(['26', 'Answered elsewhere']);
    const entered = named(seen, 'BridgeEnter').map((m) => field(m, 'Channel'));
    expect(entered).toEqual([caller, picker]);
    const bridges = new Set(named(seen, 'BridgeEnter').map((m) => field(m, 'BridgeUniqueid')));
    expect(bridges.size).toBe(1);
    const channels = pbx.office.channels();
    expect(channels.some((c) => c.channel === target)).toBe(false);
    expect(channels.find((c) => c.channel === picker)?.state).toBe('Up');
    expect(channels.find((c) => c.channel === caller)?.state).toBe('Up');
    const status = await action(pbx.port, id, `action=Getvar&Variable=${enc('DEVICE_STATE(PJSIP/102)')}`);
    expect(field(status[0] ?? [], 'Value')).toBe('NOT_INUSE');
  });

  it('PickupChan with nothing ringing there hangs the operator up, no Pickup; a device name takes its own ringing leg only', async () => {
    pbx = await startDemoPbx({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    const caller = pbx.office.placeCall({ from: '+34911234567', fromName: 'Cliente Madrid', to: '102' });
    await drainEvents(pbx.port, id);
    // `PJSIP/10` is the device PJSIP/10, matched as `PJSIP/10-`: not 102's leg.
    for (const data of ['PJSIP/102-00000099', 'PJSIP/10']) {
      await action(
        pbx.port,
        id,
        `action=Originate&Channel=PJSIP/${OPERATOR}&Application=PickupChan&Data=${enc(data)}&Async=true`,
      );
      const seen = await eventsUntil(pbx.port, id, 'Hangup');
      expect(named(seen, 'Pickup')).toEqual([]);
      const hangup = named(seen, 'Hangup').map((m) => field(m, 'Channel') ?? '');
      expect(hangup).toEqual([expect.stringMatching(new RegExp(`^PJSIP/${OPERATOR}-`)) as unknown as string]);
    }
    // The device name of the ringing phone: taken.
    await action(
      pbx.port,
      id,
      `action=Originate&Channel=PJSIP/${OPERATOR}&Application=PickupChan&Data=PJSIP/102&Async=true`,
    );
    const seen = await eventsUntil(pbx.port, id, 'Pickup');
    expect(field(named(seen, 'Pickup')[0] ?? [], 'TargetChannel')).toMatch(/^PJSIP\/102-/);
    expect(named(seen, 'BridgeEnter').map((m) => field(m, 'Channel'))[0]).toBe(caller);
  });

  it("unparks by dialling the space in the lot's context: ParkedCall, UnParkedCall (23e fields), the operator bridged with the caller", async () => {
    pbx = await startDemoPbx({ calls: 0 });
    const id = await login(pbx.port, 'admin', '12345');
    const caller = pbx.office.placeCall({ from: '+34911234567', fromName: 'Cliente Madrid', to: '101' });
    pbx.office.step(); // 101 answers
    const desk = pbx.office.channels().find((c) => c.channel.startsWith('PJSIP/101-'))?.channel as string;
    const parked = await action(
      pbx.port,
      id,
      `action=Park&Channel=${enc(caller)}&TimeoutChannel=${enc(desk)}&Parkinglot=shortlot`,
    );
    expect(field(parked[0] ?? [], 'Response')).toBe('Success');
    const parkedCall = named(await drainEvents(pbx.port, id), 'ParkedCall')[0] ?? [];
    const space = field(parkedCall, 'ParkingSpace') as string;
    expect(space).toBe('751');
    // res_parking's extensions: the lot's parkext and every space exist in its context.
    const lots = await action(pbx.port, id, 'action=Parkinglots');
    const short = named(lots, 'Parkinglot').find((m) => field(m, 'Name') === 'shortlot') ?? [];
    expect(field(short, 'StartSpace')).toBe('751');
    const context = 'parkedcalls-short';
    const queued = await action(
      pbx.port,
      id,
      `action=Originate&Channel=PJSIP/${OPERATOR}&Context=${context}&Exten=${space}&Priority=1&Async=true&ActionID=up`,
    );
    expect(field(queued[0] ?? [], 'Response')).toBe('Success');
    const seen = await eventsUntil(pbx.port, id, 'OriginateResponse');
    const response = named(seen, 'OriginateResponse')[0] ?? [];
    const retriever = field(response, 'Channel') as string;
    expect([field(response, 'Response'), field(response, 'Context'), field(response, 'Exten')]).toEqual([
      'Success',
      context,
      space,
    ]);
    const app = named(seen, 'Newexten').find((m) => field(m, 'Channel') === retriever) ?? [];
    expect([field(app, 'Application'), field(app, 'AppData')]).toEqual(['ParkedCall', `shortlot,${space}`]);
    const unparked = named(seen, 'UnParkedCall')[0] ?? [];
    expect(unparked.map(([k]) => k)).toEqual([
      'Event',
      'Privilege',
      'SystemName',
      ...snapshotKeys('Parkee'),
      ...snapshotKeys('Retriever'),
      ...parkedCall
        .map(([k]) => k)
        .filter((k) => !k.startsWith('Parkee') && !['Event', 'Privilege', 'SystemName'].includes(k)),
    ]);
    expect([
      field(unparked, 'ParkeeChannel'),
      field(unparked, 'RetrieverChannel'),
      field(unparked, 'ParkingSpace'),
      field(unparked, 'Parkinglot'),
    ]).toEqual([caller, retriever, space, 'shortlot']);
    const entered = named(seen, 'BridgeEnter').filter((m) => field(m, 'BridgeType') === 'basic');
    expect(entered.map((m) => field(m, 'Channel'))).toEqual([caller, retriever]);
    const listed = await action(pbx.port, id, 'action=ParkedCalls');
    expect(named(listed, 'ParkedCall')).toEqual([]);
    // An empty space: ParkedCall finds nobody and the operator's phone hangs up.
    await drainEvents(pbx.port, id);
    await action(
      pbx.port,
      id,
      `action=Originate&Channel=PJSIP/111&Context=parkedcalls&Exten=705&Priority=1&Async=true`,
    );
    const empty = await eventsUntil(pbx.port, id, 'Hangup');
    expect(named(empty, 'UnParkedCall')).toEqual([]);
    expect(named(empty, 'Hangup').map((m) => field(m, 'Channel') ?? '')).toEqual([
      expect.stringMatching(/^PJSIP\/111-/) as unknown as string,
    ]);
    const parkext = await action(
      pbx.port,
      id,
      'action=Originate&Channel=PJSIP/112&Context=parkedcalls&Exten=700&Priority=1',
    );
    expect(field(parkext[0] ?? [], 'Message')).not.toBe('Extension does not exist.');
    const outside = await action(
      pbx.port,
      id,
      'action=Originate&Channel=PJSIP/112&Context=parkedcalls&Exten=799&Priority=1',
    );
    expect(field(outside[0] ?? [], 'Message')).toBe('Extension does not exist.');
  });
});
