/**
 * Presence as func_presencestate.c keeps it for `CustomPresence:` providers: a state, a subtype and
 * a message, written with Setvar PRESENCE_STATE(CustomPresence:101)=state,subtype,message and read
 * back with PresenceState / Getvar (captures 25a–25e). Pure.
 */

/** The states PRESENCE_STATE() accepts (`busy` and others are refused: "Variable not set", 25d). */
export const PRESENCE_STATES = ['not_set', 'unavailable', 'available', 'away', 'xa', 'chat', 'dnd'] as const;
export type PresenceStateName = (typeof PRESENCE_STATES)[number];

export interface PresenceValue {
  readonly state: PresenceStateName;
  readonly subtype: string;
  readonly message: string;
}

/**
 * A PRESENCE_STATE() write: `state[,subtype[,message[,options]]]`. Undefined for a state it refuses
 * (not_set cannot be written either). The `e` option (base64) is not simulated.
 */
export function parsePresence(value: string): PresenceValue | undefined {
  const [state = '', subtype = '', message = ''] = value.split(',');
  const known = PRESENCE_STATES.find((s) => s === state.toLowerCase());
  if (!known || known === 'not_set') return undefined;
  return { state: known, subtype, message };
}

/** Only func_presencestate's own providers can be written or asked (`CustomPresence:<name>`). */
export function customProvider(provider: string): string | undefined {
  const m = /^CustomPresence:(.+)$/i.exec(provider);
  return m ? `CustomPresence:${m[1] as string}` : undefined;
}
