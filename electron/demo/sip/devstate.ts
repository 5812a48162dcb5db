/**
 * The device state of the softphone's endpoint, as chan_pjsip_devicestate() aggregates it over the
 * endpoint's channels (ast_devstate_aggregate_add in main/devicestate.c): a call ringing in while
 * another is up or held is RINGINUSE (call waiting), up and held together are INUSE. Pure.
 */

/** One of the endpoint's calls, as the SIP side knows it (ended ones count for nothing). */
export interface EndpointCall {
  readonly direction: 'outgoing' | 'incoming';
  readonly state: 'ringing' | 'up' | 'ended';
  readonly held: boolean;
}

/** main/devicestate.c state_order: which state wins when no ringing/in-use pair decides. */
const ORDER: Readonly<Record<string, number>> = {
  NOT_INUSE: 3,
  ONHOLD: 4,
  RINGING: 5,
  INUSE: 6,
};

function deviceOf(call: EndpointCall): 'RINGING' | 'INUSE' | 'ONHOLD' {
  if (call.held) return 'ONHOLD';
  // An outgoing channel still dialling is in state Ring (ast_state_chan2dev: INUSE); only a call
  // ringing here is RINGING.
  if (call.state === 'ringing') return call.direction === 'incoming' ? 'RINGING' : 'INUSE';
  return 'INUSE';
}

export function endpointDeviceState(calls: readonly EndpointCall[]): string {
  let ringing = false;
  let inuse = false;
  let state = 'NOT_INUSE';
  for (const call of calls) {
    if (call.state === 'ended') continue;
    const device = deviceOf(call);
    if (device === 'RINGING') ringing = true;
    else inuse = true;
    if (ringing && inuse) return 'RINGINUSE';
    if ((ORDER[device] ?? 0) > (ORDER[state] ?? 0)) state = device;
  }
  return state;
}
