/**
 * Partial PBXes and least privilege: each switchboard panel says what is missing, a module or a
 * manager.conf class, from ListCommands as a real Asterisk 22.10.1 printed it (04m: no res_pjsip,
 * no res_parking, no app_voicemail) and as a write=call user would see it.
 */
import { describe, expect, it } from 'vitest';
import { readCapabilities } from '../../electron/console/capabilities';
import { SWITCHBOARD_ACTIONS, switchboardLimits } from '../../electron/features/switchboard/limits';
import { makeMessage, type AmiMessage } from '../../shared/ami';
import { captureMessages } from './captures';

function listCommands(): AmiMessage {
  const found = captureMessages('04m-rawman-listcommands.http').find(
    (m) => m.fields['eventlist'] === undefined && m.lines.length > 50,
  );
  if (!found) throw new Error('04m has a ListCommands answer');
  return found;
}

/** ListCommands as a user with only these write classes would get it (Asterisk lists what `write` lets through). */
function listCommandsFor(classes: readonly string[]): AmiMessage {
  const lines = listCommands().lines.filter(([key, text]) => {
    const priv = /\(Priv: ([^)]*)\)\s*$/.exec(text)?.[1];
    if (priv === undefined) return true;
    const needed = priv.split(',').filter((c) => c !== 'all');
    return (
      needed.length === 0 ||
      needed[0] === '<none>' ||
      needed.some((c) => classes.includes(c)) ||
      key === 'Response'
    );
  });
  return makeMessage(lines);
}

describe('switchboard panel limits', () => {
  it('registers each action with the write classes Asterisk 22.10.1 printed (04m)', () => {
    const privs = new Map<string, string[]>();
    for (const [action, text] of listCommands().lines) {
      const priv = /\(Priv: ([^)]*)\)\s*$/.exec(text)?.[1];
      if (priv)
        privs.set(
          action,
          priv
            .split(',')
            .filter((c) => c !== 'all')
            .sort(),
        );
    }
    let compared = 0;
    for (const [action, info] of Object.entries(SWITCHBOARD_ACTIONS)) {
      const printed = privs.get(action);
      if (!printed) continue;
      expect([...info.classes].sort(), action).toEqual(printed);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(12);
  });

  it('admin on the 04m PBX: names, voicemail and parking say which module is not loaded; the rest works', () => {
    const limits = switchboardLimits(readCapabilities(listCommands()), 'PJSIP/100');
    expect(limits).toEqual({
      names: {
        kind: 'not-loaded',
        classes: ['system'],
        actions: ['PJSIPShowEndpoints'],
        module: 'res_pjsip.so',
      },
      voicemail: {
        kind: 'not-loaded',
        classes: ['call', 'reporting'],
        actions: ['VoicemailUsersList'],
        module: 'app_voicemail.so',
      },
      parking: {
        kind: 'not-loaded',
        classes: ['call'],
        actions: ['Parkinglots', 'ParkedCalls'],
        module: 'res_parking.so',
      },
      park: { kind: 'not-loaded', classes: ['call'], actions: ['Park'], module: 'res_parking.so' },
    });
  });

  it('a write=call user: AstDB panels need system, calls from the console need originate', () => {
    const limits = switchboardLimits(readCapabilities(listCommandsFor(['call'])), 'PJSIP/100');
    expect(limits.extensions).toBeUndefined();
    expect(limits.presence).toBeUndefined();
    expect(limits.transfer).toBeUndefined();
    expect(limits.atxfer).toBeUndefined();
    expect(limits.astdb).toEqual({ kind: 'write', classes: ['system', 'reporting'], actions: ['DBGetTree'] });
    expect(limits.dnd).toEqual({ kind: 'write', classes: ['system'], actions: ['DBPut', 'DBDel'] });
    expect(limits.forward).toEqual({ kind: 'write', classes: ['system'], actions: ['DBPut', 'DBDel'] });
    expect(limits.call).toEqual({ kind: 'write', classes: ['originate'], actions: ['Originate'] });
  });

  it('without the operator’s phone, calling from the console says so', () => {
    expect(switchboardLimits(undefined, undefined)).toEqual({
      call: { kind: 'no-operator', classes: [], actions: [] },
    });
    expect(switchboardLimits(undefined, 'PJSIP/100')).toEqual({});
  });
});
