/**
 * A channel record as a channel driver first makes it: Down in default,s,1, no caller ID, nothing
 * attached. Pure; whoever makes a channel spreads over it what differs.
 */
import type { Chan } from './model';
import { STATE } from './model';

/** A fresh channel `name` with its own linked id, made at `createdMs`. */
export function blankChan(name: string, uniqueid: string, createdMs: number): Chan {
  return {
    name,
    uniqueid,
    linkedid: uniqueid,
    state: STATE.down,
    callerIdNum: '',
    callerIdName: '',
    connectedNum: '',
    connectedName: '',
    context: 'default',
    exten: 's',
    priority: 1,
    app: '',
    appData: '',
    createdMs,
    vars: new Map(),
    bridge: null,
    partner: null,
    endpoint: null,
    call: null,
    held: false,
    monitorId: null,
  };
}
