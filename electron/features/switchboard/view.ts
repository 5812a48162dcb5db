/**
 * The Extension the renderer shows, derived from the switchboard's state and the extension's calls
 * on the live board. Pure.
 */
import type { Extension, ExtensionCall, ExtensionState } from '../../../shared/switchboard';
import { isPhoneDevice, statusOfDeviceState, stateOfStatus } from './hints';
import type { SwitchboardState } from './reducer';

/** The extension's phone devices (what its calls run on): the hint's, or the endpoint itself. */
export function devicesOf(state: SwitchboardState, id: string): readonly string[] {
  const hint = state.hints.get(id);
  if (hint) return hint.devices.filter(isPhoneDevice);
  const endpoint = state.endpoints.get(id.slice(0, id.lastIndexOf('@')));
  return endpoint ? [endpoint.device] : [];
}

function shownState(base: Exclude<ExtensionState, 'dnd'>, dnd: boolean): ExtensionState {
  // The DND lamp makes the hint Busy (capture 24c); a call in progress still shows as a call.
  if (dnd && (base === 'idle' || base === 'busy')) return 'dnd';
  return base;
}

export function extensionView(
  state: SwitchboardState,
  id: string,
  calls: readonly ExtensionCall[],
): Extension | undefined {
  const at = id.lastIndexOf('@');
  if (at < 0) return undefined;
  const hint = state.hints.get(id);
  const exten = hint ? hint.exten : id.slice(0, at);
  const endpoint = state.endpoints.get(exten);
  if (!hint && !endpoint) return undefined;
  let status: number;
  let statusText: string;
  if (hint) {
    status = hint.status;
    statusText = hint.statusText;
  } else {
    const device = endpoint ? state.deviceStates.get(endpoint.device.toLowerCase()) : undefined;
    ({ status, statusText } = statusOfDeviceState(device ?? 'NOT_INUSE'));
  }
  const dnd = state.dnd.get(exten) ?? false;
  const presence = hint?.presence ? state.presence.get(hint.presence.toLowerCase()) : undefined;
  const voicemail = state.mailboxes.get(exten);
  const name = endpoint?.callerIdName || state.mailboxNames.get(exten) || state.learnedNames.get(exten) || '';
  const first = calls[0];
  return {
    id,
    exten,
    context: hint ? hint.context : '',
    name,
    state: shownState(stateOfStatus(status), dnd),
    statusText,
    ...(hint ? { hint: hint.hint } : {}),
    devices: devicesOf(state, id),
    dnd,
    forward: state.forward.get(exten) ?? null,
    presence: presence ?? null,
    voicemail: voicemail ?? null,
    calls,
    ...(first?.talkingTo ? { talkingTo: first.talkingTo } : {}),
    ...(first ? { since: first.since } : {}),
  };
}
