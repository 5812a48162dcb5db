/**
 * The blocks AMI events are made of: a channel's snapshot (manager_channels.c's
 * ast_manager_build_channel_state_string_prefix()) and a bridge's. Pure: the same channel gives
 * the same lines.
 */
import type { Bridge, Chan, Lines } from './model';

const STATE_DESC = ['Down', 'Rsrvd', 'OffHook', 'Dialing', 'Ring', 'Ringing', 'Up', 'Busy'] as const;

/** What AMI prints for an empty caller ID or connected line. */
export const unknown = (s: string): string => (s === '' ? '<unknown>' : s);

/** The channel snapshot block every channel event starts with (prefix "Dest", "LocalOne", ...). */
export function snapshot(c: Chan, prefix = ''): Lines {
  return [
    [`${prefix}Channel`, c.name],
    [`${prefix}ChannelState`, String(c.state)],
    [`${prefix}ChannelStateDesc`, stateDesc(c.state)],
    [`${prefix}CallerIDNum`, unknown(c.callerIdNum)],
    [`${prefix}CallerIDName`, unknown(c.callerIdName)],
    [`${prefix}ConnectedLineNum`, unknown(c.connectedNum)],
    [`${prefix}ConnectedLineName`, unknown(c.connectedName)],
    [`${prefix}Language`, 'en'],
    [`${prefix}AccountCode`, ''],
    [`${prefix}Context`, c.context],
    [`${prefix}Exten`, c.exten],
    [`${prefix}Priority`, String(c.priority)],
    [`${prefix}Uniqueid`, c.uniqueid],
    [`${prefix}Linkedid`, c.linkedid],
  ];
}

/** ast_state2str(): a channel state's name, Unknown past Busy. */
export function stateDesc(state: number): string {
  return STATE_DESC[state] ?? 'Unknown';
}

/** ast_manager_build_bridge_state_string_prefix(). */
export function bridgeSnapshot(b: Bridge, prefix = ''): Lines {
  return [
    [`${prefix}BridgeUniqueid`, b.id],
    [`${prefix}BridgeType`, b.type],
    [`${prefix}BridgeTechnology`, b.technology],
    [`${prefix}BridgeCreator`, b.creator],
    [`${prefix}BridgeName`, b.name],
    [`${prefix}BridgeNumChannels`, String(b.channels.length)],
    [`${prefix}BridgeVideoSourceMode`, 'none'],
  ];
}
