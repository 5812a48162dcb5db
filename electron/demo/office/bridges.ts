/**
 * Bridges: a basic two-party bridge made (BridgeCreate), channels entering and leaving it
 * (BridgeEnter/BridgeLeave, BridgeDestroy when the last goes; a parking lot's holding bridge
 * stays), BRIDGEPEER told to both members, and who a channel's peer is.
 */
import type { Office } from '../office';
import { EVENT_FLAG } from '../permissions';
import type { Bridge, Chan } from './model';
import { bridgeSnapshot, snapshot } from './snapshot';

/** A new two-party bridge (what Dial's answer or a consultation call gets), announced by BridgeCreate. */
export function createBasicBridge(office: Office): Bridge {
  const bridge: Bridge = {
    id: office.bridgeId(),
    channels: [],
    type: 'basic',
    technology: 'simple_bridge',
    creator: '<unknown>',
    name: '<unknown>',
  };
  office.bridges.push(bridge);
  office.ev(EVENT_FLAG.call, 'BridgeCreate', bridgeSnapshot(bridge));
  return bridge;
}

/** A channel joins the bridge (BridgeEnter, the bridge counting it already). */
export function enterBridge(office: Office, bridge: Bridge, c: Chan): void {
  bridge.channels.push(c);
  c.bridge = bridge;
  office.ev(EVENT_FLAG.call, 'BridgeEnter', [...bridgeSnapshot(bridge), ...snapshot(c)]);
}

/** The channel leaves its bridge, if any (BridgeLeave); the bridge goes with its last channel. */
export function leaveBridge(office: Office, c: Chan): void {
  const bridge = c.bridge;
  if (!bridge) return;
  bridge.channels = bridge.channels.filter((x) => x !== c);
  c.bridge = null;
  office.ev(EVENT_FLAG.call, 'BridgeLeave', [...bridgeSnapshot(bridge), ...snapshot(c)]);
  // The lot keeps its holding bridge while the lot exists, empty or not.
  if (bridge.channels.length === 0 && bridge.type !== 'parking') {
    office.ev(EVENT_FLAG.call, 'BridgeDestroy', bridgeSnapshot(bridge));
    office.bridges.splice(office.bridges.indexOf(bridge), 1);
  }
}

/** The bridge tells each member its peer (BRIDGEPEER), as it does on every change of its members or hooks. */
export function bridgePeers(office: Office, bridge: Bridge): void {
  if (bridge.channels.length !== 2) return;
  const [a, b] = bridge.channels as [Chan, Chan];
  office.setVar(a, 'BRIDGEPEER', b.name);
  office.setVar(b, 'BRIDGEPEER', a.name);
}

/** The other party of a two-party bridge; parked calls share a holding bridge but are not each other's peers. */
export function peerOf(c: Chan): Chan | null {
  if (!c.bridge || c.bridge.type === 'parking') return null;
  return c.bridge.channels.find((o) => o !== c) ?? null;
}
