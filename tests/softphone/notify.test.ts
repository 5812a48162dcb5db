/**
 * A call ringing the softphone notifies natively through the same rules as any watched extension:
 * the profile's SIP user is watched too (electron/features/softphone/notify.ts, wired in main.ts).
 */
import { describe, expect, it } from 'vitest';
import { watchedWithSoftphone } from '../../electron/features/softphone/notify';
import { NotificationRules } from '../../electron/notify/rules';
import type { Channel } from '../../shared/model';

const T0 = 1_750_000_000_000;

function ringing(uniqueid: string, name: string, state: string, extra: Partial<Channel> = {}): Channel {
  return {
    channel: name,
    uniqueid,
    linkedid: 'caller',
    state,
    callerIdNum: '',
    callerIdName: '',
    connectedLineNum: '',
    connectedLineName: '',
    context: 'from-internal',
    exten: 's',
    startedAt: T0,
    bridgeId: null,
    onHold: false,
    recording: false,
    ...extra,
  };
}

describe('softphone notifications', () => {
  it('watch the softphone’s extension besides the chosen ones, once', () => {
    expect(watchedWithSoftphone(undefined)).toEqual([]);
    expect(watchedWithSoftphone({ watchedExtensions: ['102'] })).toEqual(['102']);
    expect(watchedWithSoftphone({ watchedExtensions: ['102'], softphone: { user: '101' } })).toEqual([
      '102',
      '101',
    ]);
    expect(watchedWithSoftphone({ watchedExtensions: ['101'], softphone: { user: '101' } })).toEqual(['101']);
  });

  it('show the caller of a call ringing the softphone as a native notification', () => {
    const watchedExtensions = watchedWithSoftphone({ watchedExtensions: [], softphone: { user: '101' } });
    const rules = new NotificationRules();
    const out = rules.step(
      {
        kind: 'board-patch',
        patch: {
          channels: {
            caller: ringing('caller', 'PJSIP/103-00000001', 'Ring', {
              callerIdNum: '103',
              callerIdName: 'Luis',
            }),
            callee: ringing('callee', 'PJSIP/101-00000002', 'Ringing', {
              connectedLineNum: '103',
              connectedLineName: 'Luis',
            }),
          },
        },
      },
      { watchedExtensions, doNotDisturb: false, language: 'en' },
      T0,
    );
    expect(out.show.map((n) => [n.title, n.body])).toEqual([['Ringing on 101', 'From Luis <103>']]);
  });
});
