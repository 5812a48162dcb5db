/**
 * Caller ID as the operator reads it. Asterisk writes the literal `<unknown>` for an absent caller ID
 * or connected line part (Newchannel, NewConnectedLine, CoreShowChannel, Status): that placeholder is
 * the PBX's, not a name, so it shows as nothing here and the components word "unknown" in the UI
 * language where a name is needed.
 */
import type { Channel } from '../../../shared/model';

const PLACEHOLDER = '<unknown>';

/** The value, or '' when Asterisk had nothing (empty or its `<unknown>` placeholder). */
export function known(value: string | undefined): string {
  const v = value?.trim() ?? '';
  return v === PLACEHOLDER ? '' : v;
}

export interface Party {
  readonly name: string;
  readonly num: string;
}

/** Name and number with placeholders removed; a name that only repeats the number is dropped. */
export function party(rawName: string | undefined, rawNum: string | undefined): Party {
  const name = known(rawName);
  const num = known(rawNum);
  return { name: name === num ? '' : name, num };
}

/** `Ana García <102>`, `Ana García`, `102`, or '' when nothing is known. */
export function partyText(rawName: string | undefined, rawNum: string | undefined): string {
  const { name, num } = party(rawName, rawNum);
  if (name && num) return `${name} <${num}>`;
  return name || num;
}

export function caller(ch: Channel): Party {
  return party(ch.callerIdName, ch.callerIdNum);
}

export function connectedLine(ch: Channel): Party {
  return party(ch.connectedLineName, ch.connectedLineNum);
}

/** Who a channel is for dialogs and labels: its caller ID, else the channel name (never a placeholder). */
export function who(ch: Channel): string {
  return partyText(ch.callerIdName, ch.callerIdNum) || ch.channel;
}
