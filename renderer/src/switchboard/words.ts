/** Pure: switchboard states, presence and missing pieces worded in the operator's language. */
import type { ExtensionState, PanelLimit, Presence } from '../../../shared/switchboard';
import type { Messages } from '../i18n/en';
import { limitText } from '../lib/limits';
import type { IconName } from '../components/Icon.svelte';

export function stateWord(t: Messages, state: ExtensionState): string {
  switch (state) {
    case 'idle':
      return t.extStateIdle;
    case 'ringing':
      return t.extStateRinging;
    case 'inuse':
      return t.extStateInUse;
    case 'busy':
      return t.extStateBusy;
    case 'onhold':
      return t.extStateOnHold;
    case 'unavailable':
      return t.extStateUnavailable;
    case 'dnd':
      return t.extStateDnd;
  }
}

/** Each state its own shape: the grid reads without colour too. */
export const STATE_ICONS: Record<ExtensionState, IconName> = {
  idle: 'idle',
  ringing: 'ringing',
  inuse: 'phone',
  busy: 'busy',
  onhold: 'hold',
  unavailable: 'offline',
  dnd: 'ban',
};

export function presenceWord(t: Messages, presence: Presence): string {
  switch (presence.state.toLowerCase()) {
    case 'available':
      return t.presenceAvailable;
    case 'away':
      return t.presenceAway;
    case 'dnd':
      return t.presenceDnd;
    case 'xa':
      return t.presenceXa;
    case 'chat':
      return t.presenceChat;
    case 'unavailable':
    case 'invisible':
      return t.presenceUnavailable;
    default:
      return t.presenceOther(presence.state);
  }
}

/** Presence worth showing: `not_set` and an empty state say nothing. */
export function shownPresence(presence: Presence | null): presence is Presence {
  return presence !== null && presence.state !== '' && presence.state.toLowerCase() !== 'not_set';
}

/** Why a panel or control is off, for the person who can fix it: the module, or the class. */
export function panelLimitText(t: Messages, limit: PanelLimit): string {
  if (limit.kind === 'no-operator') return t.limitNoOperator;
  if (limit.kind === 'not-loaded' && limit.module) return t.limitModule(limit.module);
  return limitText(t, { kind: limit.kind, classes: limit.classes, actions: limit.actions });
}
