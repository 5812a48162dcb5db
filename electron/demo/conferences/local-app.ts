/**
 * An originated Local pair whose ;2 runs `Answer()` and then an application that keeps it (the
 * captures' `800,1,Answer()` / `800,2,ConfBridge(800)`). Only the answer is common to every such
 * application; what follows is the application's own (confbridge-app.ts). Events as in 21b.
 */
import type { LocalApp, Office } from '../office';
import { localDevice, snapshot, STATE } from '../office';
import { EVENT_FLAG } from '../permissions';

export type LocalAppRun = Parameters<LocalApp>[0];

/**
 * ;2's thread answers (Newexten Answer, Newstate Up), chan_local answers ;1, the originate's dial
 * ends ANSWER, the Local device is in use (told twice, once per half) and the originate's thread
 * tells its response. False when the pair went away before its thread got here.
 */
export function answerLocalPair(office: Office, run: LocalAppRun): boolean {
  const { one, two } = run;
  if (!office.chans.includes(two) || !office.chans.includes(one)) return false;
  two.priority = 1;
  office.newexten(two, 'Answer', '');
  office.newstate(two, STATE.up);
  office.newstate(one, STATE.up);
  office.ev(EVENT_FLAG.call, 'DialEnd', [...snapshot(one, 'Dest'), ['DialStatus', 'ANSWER']]);
  const device = localDevice(one.name);
  office.setDevice(device, 'INUSE');
  office.setDevice(device, 'INUSE');
  run.onResponse(run.response);
  return true;
}

/**
 * A Local device's state as chan_local's local_devicestate() answers it: in use while a pair of
 * that extension still has its owner (;1). A ;2 left alone no longer counts (21k).
 */
export function localDeviceState(office: Office, device: string): string {
  return office.chans.some((c) => c.partner && c.name.endsWith(';1') && localDevice(c.name) === device)
    ? 'INUSE'
    : 'NOT_INUSE';
}
