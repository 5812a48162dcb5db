/**
 * What listens to a channel's audio: ChanSpy (app_chanspy, 27d) and MixMonitor. Each announces
 * itself (ChanSpyStart/Stop, MixMonitorStart/Stop); a spy's audiohook coming or going makes the
 * spyee's bridge re-announce BRIDGEPEER.
 */
import type { Office } from '../office';
import { EVENT_FLAG } from '../permissions';
import type { Chan } from './model';
import { snapshot } from './snapshot';

/**
 * ChanSpy(<name prefix>,<options>): the first other channel whose name starts with the prefix is
 * listened to (27d: pass the full name); its bridge re-announces BRIDGEPEER as the audiohook comes.
 */
export function startSpy(office: Office, spyer: Chan, data: string): void {
  const prefix = data.split(',')[0] ?? '';
  if (!prefix) return;
  const spyee =
    office.chans.find((x) => x !== spyer && x.name === prefix) ??
    office.chans.find((x) => x !== spyer && x.name.startsWith(prefix));
  if (!spyee) return;
  spyer.spying = spyee;
  office.ev(EVENT_FLAG.call, 'ChanSpyStart', [...snapshot(spyer, 'Spyer'), ...snapshot(spyee, 'Spyee')]);
  if (spyee.bridge) office.bridgePeers(spyee.bridge);
}

/** The spyer goes: the audiohook leaves the spyee's bridge, then ChanSpyStop (27d). */
export function stopSpy(office: Office, spyer: Chan): void {
  const spyee = spyer.spying;
  if (!spyee) return;
  delete spyer.spying;
  if (spyee.bridge) office.bridgePeers(spyee.bridge);
  office.ev(EVENT_FLAG.call, 'ChanSpyStop', [...snapshot(spyer, 'Spyer'), ...snapshot(spyee, 'Spyee')]);
}

/** MixMonitor: the id is the `%p` of its datastore; `uidVariable` (option i()) receives it. */
export function startMonitor(office: Office, c: Chan, uidVariable = ''): string {
  const id = office.nextMonitorId();
  c.monitorId = id;
  if (uidVariable) office.setVar(c, uidVariable, id);
  office.ev(EVENT_FLAG.call, 'MixMonitorStart', snapshot(c));
  return id;
}

/** MixMonitor stops; false when none was running. */
export function stopMonitor(office: Office, c: Chan): boolean {
  if (!c.monitorId) return false;
  c.monitorId = null;
  office.ev(EVENT_FLAG.call, 'MixMonitorStop', snapshot(c));
  return true;
}
