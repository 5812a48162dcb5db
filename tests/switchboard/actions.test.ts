/**
 * The switchboard's controls as AMI actions, checked against what a real Asterisk 22.10.1 was
 * sent in the captures (24c/24d DND, 24a forward, 23b/23f/23h park, 27e/27f transfers).
 */
import { describe, expect, it } from 'vitest';
import {
  assertSafe,
  callPlan,
  dndPlan,
  forwardPlan,
  isRefusal,
  parkPlan,
  pickupPlan,
  transferPlan,
  unparkPlan,
  type SwitchboardPlan,
} from '../../electron/features/switchboard/actions';
import { validateRequest } from '../../shared/ipc';
import { captureRequests } from './captures';

const ctx = { operatorEndpoint: 'PJSIP/100', dialContext: 'from-internal' };

function plan(value: ReturnType<typeof transferPlan>): SwitchboardPlan {
  if (isRefusal(value)) throw new Error(`refused: ${value.refused.key}`);
  return value;
}

function sent(file: string, action: string): Record<string, string>[] {
  return captureRequests(file)
    .filter((r) => r.action === action)
    .map((r) => r.fields);
}

describe('switchboard actions', () => {
  it('turns DND on as FreePBX does: DBPut DND/<ext> YES, then the lamp BUSY (24a, 24c)', () => {
    const steps = dndPlan({ exten: '101', on: true }).steps;
    expect(steps.map((s) => s.action)).toEqual(['DBPut', 'Setvar']);
    expect(steps[0]?.fields).toEqual(sent('24a-rawman-astdb-dnd-cf-put-get.http', 'DBPut')[0]);
    expect(steps[1]?.fields).toEqual(sent('24c-rawman-dnd-devstate-busy.http', 'Setvar')[0]);
  });

  it('turns DND off: DBDel DND/<ext>, then the lamp NOT_INUSE (24d); a key already gone is no failure', () => {
    const steps = dndPlan({ exten: '101', on: false }).steps;
    const captured = captureRequests('24d-rawman-dnd-cf-off.http');
    expect(steps[0]?.fields).toEqual(captured.find((r) => r.action === 'DBDel')?.fields);
    expect(steps[1]?.fields).toEqual(captured.find((r) => r.action === 'Setvar')?.fields);
    // 24d's second DBDel of the same key answers this: the key is gone, which is what off means.
    expect(steps[0]?.alreadyDone?.test('Database entry could not be deleted')).toBe(true);
    expect(steps[1]?.alreadyDone).toBeUndefined();
  });

  it('sets call forward in CF/<ext> (24a) and clears only that key, never the whole family', () => {
    const on = forwardPlan({ exten: '101', number: '600123456' }).steps;
    expect(on).toEqual([
      { action: 'DBPut', fields: sent('24a-rawman-astdb-dnd-cf-put-get.http', 'DBPut')[1] },
    ]);
    const off = forwardPlan({ exten: '101', number: null }).steps;
    expect(off.map((s) => [s.action, s.fields])).toEqual([['DBDel', { Family: 'CF', Key: '101' }]]);
  });

  it('parks an unbridged channel with Channel alone (23b) and a bridged one with its peer as TimeoutChannel (23f)', () => {
    const alone = parkPlan({ channel: 'Local/100@demo-00000008;2' }, {}).steps[0];
    expect(alone?.fields).toEqual(sent('23b-rawman-park-answered-channel.http', 'Park')[0]);
    const bridged = parkPlan(
      { channel: 'Local/100@demo-0000000b;1', lot: 'shortlot' },
      { peer: 'Local/400@demo-0000000a;2' },
    ).steps[0];
    expect(bridged?.fields).toEqual(sent('23f-rawman-park-bridged-channel-shortlot.http', 'Park')[0]);
    // Timeout is seconds in the contract, ms on the wire (23h: Timeout=60000).
    expect(
      parkPlan({ channel: 'Local/100@demo-0000000c;2', timeout: 60 }, {}).steps[0]?.fields['Timeout'],
    ).toBe('60000');
  });

  it('never sends the Park of capture 23j (AnnounceChannel), whatever builds it', () => {
    const crash = captureRequests('23j-rawman-park-missing-announcechannel-crash.http').find(
      (r) => r.action === 'Park',
    );
    expect(crash?.fields['AnnounceChannel']).toBeDefined();
    expect(() => assertSafe({ action: 'Park', fields: crash?.fields ?? {} })).toThrow(/23j/);
    expect(() => assertSafe({ action: 'park', fields: { Channel: 'x', announcechannel: 'y' } })).toThrow();
    // The contract has no field that could carry it.
    const refused = validateRequest('switchboard:park', {
      channel: 'Local/100@demo-00000014;2',
      AnnounceChannel: 'Local/nobody@demo-0000ffff;1',
    });
    expect(refused.ok).toBe(false);
    for (const facts of [{}, { peer: 'PJSIP/101-00000001' }]) {
      for (const request of [{ channel: 'PJSIP/200-1' }, { channel: 'PJSIP/200-1', lot: 'a', timeout: 5 }]) {
        const step = parkPlan(request, facts).steps[0];
        expect(step && Object.keys(step.fields).map((k) => k.toLowerCase())).not.toContain('announcechannel');
        expect(() => step && assertSafe(step)).not.toThrow();
      }
    }
  });

  it('blind-transfers a bridged caller with BlindTransfer on its peer, the transferer (27e)', () => {
    const [captured] = sent('27e-rawman-blindtransfer.http', 'BlindTransfer');
    const p = plan(
      transferPlan(
        { channel: 'Local/110@demo-0000000f;1', exten: '200', context: 'demo', mode: 'blind' },
        { peer: 'Local/410@demo-0000000e;2' },
        ctx,
      ),
    );
    expect(p.steps[0]).toEqual({ action: 'BlindTransfer', fields: captured });
    expect(p.confirm).toEqual({
      kind: 'blind',
      transferee: 'Local/110@demo-0000000f;1',
      transferer: 'Local/410@demo-0000000e;2',
    });
  });

  it('redirects a caller in no bridge (ringing, queued) to the target', () => {
    const p = plan(
      transferPlan({ channel: 'PJSIP/trunk-00000001', exten: '102', mode: 'blind' }, { uniqueid: 'u1' }, ctx),
    );
    expect(p.steps[0]).toEqual({
      action: 'Redirect',
      fields: { Channel: 'PJSIP/trunk-00000001', Exten: '102', Context: 'from-internal', Priority: '1' },
    });
    expect(p.confirm?.kind).toBe('redirect');
  });

  it('starts an attended transfer with Atxfer on the peer (27f), and refuses one with nobody to consult', () => {
    const atxfer = captureRequests('27f-rawman-atxfer.http')
      .filter((r) => r.action === 'Atxfer')
      .at(-1);
    const p = plan(
      transferPlan(
        {
          channel: 'Local/100@demo-00000011;1',
          exten: atxfer?.fields['Exten'] ?? '',
          context: 'demo',
          mode: 'attended',
        },
        { peer: atxfer?.fields['Channel'] ?? '' },
        ctx,
      ),
    );
    expect(p.steps[0]).toEqual({ action: 'Atxfer', fields: atxfer?.fields });
    const refused = transferPlan({ channel: 'PJSIP/1-1', exten: '2', mode: 'attended' }, {}, ctx);
    expect(isRefusal(refused) && refused.refused.key).toBe('switchboard.not-bridged');
  });

  it('rings the operator first for call, pickup and unpark, and refuses them without an operator phone', () => {
    expect(plan(callPlan({ exten: '102' }, ctx)).steps[0]?.fields).toMatchObject({
      Channel: 'PJSIP/100',
      Exten: '102',
      Context: 'from-internal',
      Async: 'true',
    });
    expect(plan(pickupPlan({ exten: '102' }, 'PJSIP/102-0000000a', ctx)).steps[0]?.fields).toMatchObject({
      Channel: 'PJSIP/100',
      Application: 'PickupChan',
      Data: 'PJSIP/102-0000000a',
    });
    // 23e: the space is dialled in the context its device state names (park:701@parkedcalls)...
    const [dialled] = captureRequests('23e-rawman-unpark-by-dialing-space-701.http');
    expect(dialled?.fields['Channel']).toBe('Local/701@parkedcalls');
    expect(
      plan(unparkPlan({ lot: 'default', space: '701' }, ctx, 'parkedcalls')).steps[0]?.fields,
    ).toMatchObject({
      Channel: 'PJSIP/100',
      Context: 'parkedcalls',
      Exten: '701',
      Priority: '1',
    });
    // ...and without it, ParkedCall(<lot>,<space>) itself, as that extension runs it.
    expect(plan(unparkPlan({ lot: 'default', space: '701' }, ctx)).steps[0]?.fields).toMatchObject({
      Channel: 'PJSIP/100',
      Application: 'ParkedCall',
      Data: 'default,701',
    });
    const none = { dialContext: 'from-internal' };
    for (const refused of [
      callPlan({ exten: '1' }, none),
      pickupPlan({ exten: '1' }, 'PJSIP/1-1', none),
      unparkPlan({ lot: 'a', space: '1' }, none),
    ]) {
      expect(isRefusal(refused) && refused.code).toBe('no-operator');
    }
    const nothing = pickupPlan({ exten: '102' }, undefined, ctx);
    expect(isRefusal(nothing) && nothing.refused.key).toBe('switchboard.not-ringing');
  });

  it('refuses control characters in what the operator types (header injection)', () => {
    for (const [channel, payload] of [
      ['switchboard:dnd', { exten: '101\r\nAction: Originate', on: true }],
      ['switchboard:forward', { exten: '101', number: '600\n1' }],
      ['switchboard:transfer', { channel: 'PJSIP/1-1', exten: '2\u0000', mode: 'blind' }],
      ['switchboard:call', { exten: '\u007f' }],
    ] as const) {
      expect(validateRequest(channel, payload).ok).toBe(false);
    }
  });
});
