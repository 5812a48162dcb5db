import { describe, expect, it } from 'vitest';
import type { Chan, OriginateRequest } from '../../electron/demo/office/model';
import {
  originateFailure,
  originateResponse,
  originateTarget,
} from '../../electron/demo/office/originate-response';

const req: OriginateRequest = { channel: 'PJSIP/101', context: 'from-internal', exten: '102', async: true };

describe('OriginateResponse lines', () => {
  it('names an application as the destination when there is one, else context and exten', () => {
    expect(originateTarget(req)).toEqual([
      ['Context', 'from-internal'],
      ['Exten', '102'],
    ]);
    expect(originateTarget({ ...req, application: 'ChanSpy' })).toEqual([
      ['Application', 'ChanSpy'],
      ['Data', ''],
    ]);
  });

  it('answers success with the channel made, Reason 4 and <unknown> for a missing caller ID', () => {
    const one = { name: 'Local/100@demo-00000000;1', uniqueid: 'ajamtest-1.0' } as Chan;
    expect(originateResponse(one, { ...req, actionId: 'a1', callerIdNum: '101' })).toEqual([
      ['ActionID', 'a1'],
      ['Response', 'Success'],
      ['Channel', 'Local/100@demo-00000000;1'],
      ['Context', 'from-internal'],
      ['Exten', '102'],
      ['Reason', '4'],
      ['Uniqueid', 'ajamtest-1.0'],
      ['CallerIDNum', '101'],
      ['CallerIDName', '<unknown>'],
    ]);
  });

  it('answers failure with the channel asked for and the ChannelId, or <unknown> without one', () => {
    const lines = originateFailure(req, 'PJSIP/101', 3);
    expect(lines).toContainEqual(['Response', 'Failure']);
    expect(lines).toContainEqual(['Reason', '3']);
    expect(lines).toContainEqual(['Uniqueid', '<unknown>']);
    expect(lines.some(([k]) => k === 'ActionID')).toBe(false);
    expect(originateFailure({ ...req, channelId: 'abc' }, 'PJSIP/101', 0)).toContainEqual([
      'Uniqueid',
      'abc',
    ]);
  });
});
