import { describe, expect, it } from 'vitest';
import { blankChan } from '../../electron/demo/office/blank-chan';
import type { Bridge, Chan } from '../../electron/demo/office/model';
import { bridgeSnapshot, snapshot, stateDesc } from '../../electron/demo/office/snapshot';

const chan = (over: Partial<Chan> = {}): Chan => ({
  ...blankChan('PJSIP/101-00000001', 'ajamtest-1700000000.3', 0),
  linkedid: 'ajamtest-1700000000.2',
  state: 6,
  callerIdNum: '101',
  connectedName: 'Ana',
  context: 'from-internal',
  exten: '102',
  ...over,
});

describe('office snapshots', () => {
  it("names a channel's fields in manager order, empty caller IDs as <unknown>, with the prefix", () => {
    expect(snapshot(chan(), 'Dest')).toEqual([
      ['DestChannel', 'PJSIP/101-00000001'],
      ['DestChannelState', '6'],
      ['DestChannelStateDesc', 'Up'],
      ['DestCallerIDNum', '101'],
      ['DestCallerIDName', '<unknown>'],
      ['DestConnectedLineNum', '<unknown>'],
      ['DestConnectedLineName', 'Ana'],
      ['DestLanguage', 'en'],
      ['DestAccountCode', ''],
      ['DestContext', 'from-internal'],
      ['DestExten', '102'],
      ['DestPriority', '1'],
      ['DestUniqueid', 'ajamtest-1700000000.3'],
      ['DestLinkedid', 'ajamtest-1700000000.2'],
    ]);
  });

  it('describes states as ast_state2str does, Unknown past Busy', () => {
    expect([0, 4, 5, 6, 7, 8].map(stateDesc)).toEqual(['Down', 'Ring', 'Ringing', 'Up', 'Busy', 'Unknown']);
  });

  it("counts a bridge's channels as it is now", () => {
    const b: Bridge = {
      id: 'b1',
      channels: [chan(), chan({ name: 'PJSIP/102-00000002' })],
      type: 'basic',
      technology: 'simple_bridge',
      creator: '<unknown>',
      name: '<unknown>',
    };
    expect(bridgeSnapshot(b, 'Orig')).toContainEqual(['OrigBridgeNumChannels', '2']);
    expect(bridgeSnapshot(b)[0]).toEqual(['BridgeUniqueid', 'b1']);
  });
});
