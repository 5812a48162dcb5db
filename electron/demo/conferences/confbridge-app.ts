/**
 * ConfBridge() as a channel of the demo runs it (app_confbridge.c of Asterisk 22.10.1, events as
 * in captures 21b, 21h and 21k): the channel finds the conference or makes it (its mixing bridge and
 * the announcer channel CBAnn/<room>-N;2 inside it, which has no events of its own but counts in
 * BridgeNumChannels and BRIDGEPEER), then enters the bridge on its own thread step; it leaves when
 * kicked or hung up, and the last one out ends the conference.
 */
import type { Bridge, Chan, Office } from '../office';
import { blankChan, bridgeSnapshot, localDevice, snapshot, STATE } from '../office';
import { EVENT_FLAG } from '../permissions';
import { localDeviceState } from './local-app';
import type { ConferenceRooms, Participant, Room } from './rooms';
import type { Threads } from './threads';

interface Conference {
  readonly room: Room;
  readonly bridge: Bridge;
  readonly announcer: Chan;
}

interface User {
  readonly conference: Conference;
  readonly participant: Participant;
}

/** What confbridge.conf's user profile says of a user that the events show. */
export interface UserProfile {
  readonly admin: boolean;
  readonly marked: boolean;
}

/**
 * Why a user leaves: kicked (ConfbridgeKick), its Local pair's owner hung up (21k), the channel
 * itself was hung up (a Hangup action on it), or its far end hung up (a phone put down).
 */
type Leaving = 'kick' | 'owner' | 'self' | 'far';

export class ConfBridgeApp {
  private readonly conferences = new Map<string, Conference>();
  private readonly users = new Map<Chan, User>();

  constructor(
    private readonly office: Office,
    private readonly rooms: ConferenceRooms,
    private readonly threads: Threads,
    private readonly uuid: () => string,
  ) {}

  /**
   * `c` runs ConfBridge(data) at its current priority: the first user of a room makes the
   * conference (BridgeCreate, ConfbridgeStart with the announcer in, confbridge:<room> in use); every
   * user goes last in the conference's list and enters the bridge on its thread's next step, or at
   * once when the caller is that step already (`enterNow`: the living office's phones).
   */
  start(
    c: Chan,
    data: string,
    profile: UserProfile = { admin: false, marked: false },
    enterNow = false,
  ): void {
    const name = data.split(',')[0] ?? '';
    this.office.newexten(c, 'ConfBridge', data);
    const found = this.conferences.get(name);
    if (found?.room.locked && !profile.admin) {
      this.refuse(c);
      return;
    }
    const conference = found ?? this.create(name);
    const participant = this.rooms.add(conference.room, {
      channel: c.name,
      lines: () => snapshot(c),
      ...profile,
    });
    this.users.set(c, { conference, participant });
    c.running = { hangup: (x, cause) => this.hungUp(x, cause), leave: (x) => this.redirected(x) };
    if (enterNow) this.enter(c);
    else this.threads.queue(c.name, 'enter', () => this.enter(c));
  }

  /**
   * A locked conference lets no one but an admin in: join_conference_bridge() fails, ConfBridge sets
   * CONFBRIDGE_RESULT=FAILED and returns -1, and the PBX hangs the channel up (its Local ;1 with it).
   */
  private refuse(c: Chan): void {
    this.office.setVar(c, 'CONFBRIDGE_RESULT', 'FAILED');
    const one = c.partner && this.office.chans.includes(c.partner) ? c.partner : null;
    this.remove(c, 16, 'Normal Clearing');
    if (one) {
      this.office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(one), ['Cause', '16']]);
      this.remove(one, 16, 'Normal Clearing');
      this.localDevice(c);
      this.localDevice(c);
    } else if (c.endpoint && !this.office.chans.some((o) => o.endpoint === c.endpoint)) {
      this.office.setDevice(`PJSIP/${c.endpoint.id}`, 'NOT_INUSE');
    }
  }

  /** Whether `channel` is a channel of the demo's in one of its conferences (else a seat: rooms.ts). */
  has(channel: string): boolean {
    return [...this.users.keys()].some((c) => c.name === channel);
  }

  /** ConfbridgeKick of a user: CONFBRIDGE_RESULT=KICKED, out of the bridge, and its pair hangs up (21h). */
  kick(channel: string): void {
    const c = this.userChannel(channel);
    if (c) this.leave(c, 'kick');
  }

  /** The far end of a user's channel hung up (a phone of the living office put down). */
  farEndHangup(channel: string): void {
    const c = this.userChannel(channel);
    if (c) this.leave(c, 'far');
  }

  private userChannel(channel: string): Chan | undefined {
    return [...this.users.keys()].find((x) => x.name === channel);
  }

  private create(name: string): Conference {
    const bridge: Bridge = {
      id: this.uuid(),
      channels: [],
      type: 'base',
      technology: 'softmix',
      creator: 'ConfBridge',
      name,
    };
    this.office.bridges.push(bridge);
    this.office.ev(EVENT_FLAG.call, 'BridgeCreate', bridgeSnapshot(bridge));
    const announcer = announcerOf(name, this.office.nextUnrealSeq(), this.office);
    bridge.channels.push(announcer);
    const room = this.rooms.open(name, bridge.id, () => bridge.channels.length - 1);
    const conference = { room, bridge, announcer };
    this.conferences.set(name, conference);
    this.office.setDevice(`confbridge:${name}`, 'INUSE');
    return conference;
  }

  /** In the bridge: BridgeEnter, every user's BRIDGEPEER (the others in bridge order), ConfbridgeJoin. */
  private enter(c: Chan): void {
    const user = this.users.get(c);
    if (!user || !this.office.chans.includes(c)) return;
    const { bridge, room } = user.conference;
    this.office.enterBridge(bridge, c);
    this.peers(bridge);
    this.rooms.joined(room, user.participant);
  }

  private peers(bridge: Bridge): void {
    for (const x of bridge.channels) {
      if (!this.users.has(x)) continue;
      const others = bridge.channels.filter((o) => o !== x).map((o) => o.name);
      this.office.setVar(x, 'BRIDGEPEER', others.join(','));
    }
  }

  /** The pair of a user hung up through either half (a Hangup action, 21k). */
  private hungUp(c: Chan, cause: number): void {
    const two = this.users.has(c) ? c : c.partner;
    if (!two || !this.users.has(two)) return;
    if (two === c)
      this.office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(c), ['Cause', String(cause)]]);
    this.leave(two, two === c ? 'self' : 'owner');
  }

  /**
   * A user leaves. A kick sets CONFBRIDGE_RESULT first (21h); otherwise it is HANGUP, set when
   * ConfBridge returns (21k). Its ConfbridgeLeave still counts it in the bridge; the last one's goes
   * out at once, the others' after the channel's Hangup (21h, 21k). A Local ;2 is then hung up by
   * the PBX (SoftHangupRequest), and its ;1 goes with it. The last user out ends the conference:
   * confbridge:<room> not in use, ConfbridgeEnd, the announcer hung up (its device in use, then
   * unknown) and the bridge destroyed.
   */
  private leave(c: Chan, how: Leaving): void {
    const user = this.users.get(c) as User;
    const { conference, participant } = user;
    const { room, bridge, announcer } = conference;
    const one = c.partner && this.office.chans.includes(c.partner) ? c.partner : null;
    const last = room.participants.length === 1;
    const inBridge = bridge.channels.includes(c);
    const before = this.rooms.bridgeLines(room);
    this.users.delete(c);
    delete c.running;
    if (how === 'owner' || how === 'far') {
      this.office.ev(EVENT_FLAG.call, 'HangupRequest', [
        ...snapshot(c),
        ['Cause', how === 'far' ? '16' : '0'],
      ]);
    }
    if (how === 'owner' && one) {
      this.remove(one, 0, 'Unknown');
      this.localDevice(c);
    }
    if (last) this.rooms.told(room, participant, before);
    if (how === 'kick') this.office.setVar(c, 'CONFBRIDGE_RESULT', 'KICKED');
    if (inBridge) {
      this.office.setVar(c, 'BRIDGEPEER', '');
      this.office.leaveBridge(c);
      this.peers(bridge);
    }
    if (how !== 'kick') this.office.setVar(c, 'CONFBRIDGE_RESULT', 'HANGUP');
    if (last) {
      this.office.setDevice(`confbridge:${room.name}`, 'NOT_INUSE');
      this.rooms.end(room);
      this.announcerState(room.name, 'INUSE');
    }
    // A hangup of the channel itself told its SoftHangupRequest already (hungUp).
    if (c.partner && how !== 'self') {
      this.office.ev(EVENT_FLAG.call, 'SoftHangupRequest', [...snapshot(c), ['Cause', '16']]);
    }
    const partnerFollows = one !== null && how !== 'owner';
    if (partnerFollows) this.office.ev(EVENT_FLAG.call, 'HangupRequest', [...snapshot(one), ['Cause', '16']]);
    this.remove(c, 16, 'Normal Clearing');
    if (!last) this.rooms.told(room, participant, before);
    if (partnerFollows) this.remove(one, 16, 'Normal Clearing');
    if (last) {
      bridge.channels = bridge.channels.filter((x) => x !== announcer);
      this.office.ev(EVENT_FLAG.call, 'BridgeDestroy', bridgeSnapshot(bridge));
      this.office.bridges.splice(this.office.bridges.indexOf(bridge), 1);
      this.conferences.delete(room.name);
    }
    if (c.partner) {
      this.localDevice(c);
      if (how !== 'owner') this.localDevice(c);
    } else if (c.endpoint && !this.office.chans.some((o) => o.endpoint === c.endpoint)) {
      this.office.setDevice(`PJSIP/${c.endpoint.id}`, 'NOT_INUSE');
    }
    if (last) this.announcerState(room.name, 'UNKNOWN');
  }

  /**
   * A Redirect pulls a user out of ConfBridge (an async goto): it leaves the bridge and the
   * conference as on a hangup and goes on in the dialplan; the last one out still ends the
   * conference. No capture shows it: the order is the hangup's (21k).
   */
  private redirected(c: Chan): void {
    const user = this.users.get(c);
    if (!user) return;
    const { room, bridge, announcer } = user.conference;
    const before = this.rooms.bridgeLines(room);
    const last = room.participants.length === 1;
    this.users.delete(c);
    delete c.running;
    if (last) this.rooms.told(room, user.participant, before);
    if (bridge.channels.includes(c)) {
      this.office.setVar(c, 'BRIDGEPEER', '');
      this.office.leaveBridge(c);
      this.peers(bridge);
    }
    if (!last) {
      this.rooms.told(room, user.participant, before);
      return;
    }
    this.office.setDevice(`confbridge:${room.name}`, 'NOT_INUSE');
    this.rooms.end(room);
    this.announcerState(room.name, 'INUSE');
    bridge.channels = bridge.channels.filter((x) => x !== announcer);
    this.office.ev(EVENT_FLAG.call, 'BridgeDestroy', bridgeSnapshot(bridge));
    this.office.bridges.splice(this.office.bridges.indexOf(bridge), 1);
    this.conferences.delete(room.name);
    this.announcerState(room.name, 'UNKNOWN');
  }

  /** The Local device of a pair as chan_local tells it after one of its halves went. */
  private localDevice(c: Chan): void {
    const device = localDevice(c.name);
    this.office.setDevice(device, localDeviceState(this.office, device));
  }

  private remove(c: Chan, cause: number, causeTxt: string): void {
    this.office.ev(EVENT_FLAG.call, 'Hangup', [
      ...snapshot(c),
      ['Cause', String(cause)],
      ['Cause-txt', causeTxt],
    ]);
    const i = this.office.chans.indexOf(c);
    if (i >= 0) this.office.chans.splice(i, 1);
    this.office.onChannelRemoved?.(c);
  }

  /** The announcer's device (CBAnn/<room>): told, never cached (it is no channel a hint may name). */
  private announcerState(room: string, state: string): void {
    this.office.ev(EVENT_FLAG.call, 'DeviceStateChange', [
      ['Device', `CBAnn/${room}`],
      ['State', state],
    ]);
  }
}

/**
 * The announcer's bridge side, CBAnn/<room>-N;2: it is in the bridge but among no channel lists
 * (no Newchannel, no BridgeEnter), so only its name and its place in the bridge matter.
 */
function announcerOf(room: string, seq: string, office: Office): Chan {
  return { ...blankChan(`CBAnn/${room}-${seq};2`, '', office.startedMs), state: STATE.up };
}
