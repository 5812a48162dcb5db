/**
 * app_confbridge as the demo simulates it: rooms, their participants, and the events (class call)
 * Asterisk 22 sends (captures 21a–21k). A room's bridge counts a hidden announcer channel, so
 * BridgeNumChannels is the participants plus one. I/O-free: events go out through `emit`.
 */
import type { Lines } from '../office';
import { EVENT_FLAG } from '../permissions';

export interface Participant {
  readonly channel: string;
  /** The channel's snapshot fields (Channel … Linkedid) as they are now: every event carries them. */
  readonly lines: () => Lines;
  readonly admin: boolean;
  readonly marked: boolean;
  muted: boolean;
  talking: boolean;
  readonly joinedMs: number;
}

/** What a participant is made of: its fields now or fixed ones (a seat with no channel behind it). */
export type ParticipantInit = Omit<Participant, 'muted' | 'talking' | 'joinedMs' | 'lines'> & {
  readonly lines: Lines | (() => Lines);
  readonly muted?: boolean;
};

export interface Room {
  readonly name: string;
  readonly bridgeUniqueid: string;
  /** In the order ConfbridgeList walks them (the order they found the conference: 21b, 21c). */
  readonly participants: Participant[];
  /**
   * The channels in the mixing bridge besides the announcer, when a channel-backed conference
   * counts its own (local-app.ts); else every participant is in it.
   */
  bridged?: () => number;
  locked: boolean;
  muted: boolean;
  recording: boolean;
}

export interface RoomDeps {
  readonly emit: (category: number, event: string, lines: Lines) => void;
  readonly now: () => number;
  /** A fresh bridge id (a UUID in Asterisk). */
  readonly uuid: () => string;
}

export type RoomResult = 'ok' | 'no-conference' | 'no-channel';

export class ConferenceRooms {
  readonly rooms: Room[] = [];

  constructor(private readonly deps: RoomDeps) {}

  find(name: string): Room | undefined {
    return this.rooms.find((r) => r.name === name);
  }

  /**
   * The conference a channel asks for, made when missing (ConfbridgeStart, with the announcer
   * already in its bridge: 21b). `bridgeUniqueid` is the mixing bridge's when one was made for it.
   */
  open(name: string, bridgeUniqueid?: string, bridged?: () => number): Room {
    const found = this.find(name);
    if (found) return found;
    const room: Room = {
      name,
      bridgeUniqueid: bridgeUniqueid ?? this.deps.uuid(),
      participants: [],
      ...(bridged ? { bridged } : {}),
      locked: false,
      muted: false,
      recording: false,
    };
    this.rooms.push(room);
    this.emit('ConfbridgeStart', [['Conference', name], ...this.bridgeLines(room)]);
    return room;
  }

  /** A user found the conference: last in its list, not yet in the bridge (no event). */
  add(room: Room, p: ParticipantInit): Participant {
    const full: Participant = {
      ...p,
      lines: typeof p.lines === 'function' ? p.lines : constant(p.lines),
      muted: p.muted ?? false,
      talking: false,
      joinedMs: this.deps.now(),
    };
    room.participants.push(full);
    return full;
  }

  /** The user is in the bridge: ConfbridgeJoin (from the bridge's join hook, after BridgeEnter). */
  joined(room: Room, p: Participant): void {
    this.emit('ConfbridgeJoin', [
      ['Conference', room.name],
      ...this.bridgeLines(room),
      ...p.lines(),
      ['Admin', yesNo(p.admin)],
      ['Muted', yesNo(p.muted)],
    ]);
  }

  /** A channel enters a room at once (a seat with no channel behind it): start, list and join. */
  join(name: string, p: ParticipantInit): Participant {
    const room = this.open(name);
    const full = this.add(room, p);
    this.joined(room, full);
    return full;
  }

  /**
   * ConfbridgeLeave for one participant, who is out of the list from now on. Its bridge fields are
   * the ones from before the channel left the bridge (21h: 4 with 3 participants), which a
   * channel-backed conference passes in.
   */
  told(room: Room, p: Participant, bridge: Lines = this.bridgeLines(room)): void {
    this.emit('ConfbridgeLeave', [
      ['Conference', room.name],
      ...bridge,
      ...p.lines(),
      ['Admin', yesNo(p.admin)],
    ]);
    const i = room.participants.indexOf(p);
    if (i >= 0) room.participants.splice(i, 1);
  }

  /** The conference is over (its last user left): ConfbridgeEnd, with the announcer still counted (21k). */
  end(room: Room): void {
    const i = this.rooms.indexOf(room);
    if (i < 0) return;
    this.rooms.splice(i, 1);
    this.emit('ConfbridgeEnd', [['Conference', room.name], ...this.bridgeLines(room)]);
  }

  /** A participant leaves (hung up or kicked); the last one out ends the conference (21k). */
  leave(name: string, channel: string): RoomResult {
    const room = this.find(name);
    if (!room) return 'no-conference';
    const p = room.participants.find((x) => x.channel === channel);
    if (!p) return 'no-channel';
    this.told(room, p);
    if (room.participants.length === 0) this.end(room);
    return 'ok';
  }

  /** ConfbridgeMute/Unmute: one channel, `all`, or `participants` (everyone but the admins). */
  setMuted(name: string, target: string, muted: boolean): RoomResult {
    const room = this.find(name);
    if (!room) return 'no-conference';
    const targets =
      target === 'all'
        ? room.participants
        : target === 'participants'
          ? room.participants.filter((p) => !p.admin)
          : room.participants.filter((p) => p.channel === target);
    if (targets.length === 0 && target !== 'all' && target !== 'participants') return 'no-channel';
    for (const p of targets) {
      p.muted = muted;
      // The event has the bridge and the channel and Admin, but no Muted key (21e).
      this.emit(muted ? 'ConfbridgeMute' : 'ConfbridgeUnmute', [
        ['Conference', name],
        ...this.bridgeLines(room),
        ...p.lines(),
        ['Admin', yesNo(p.admin)],
      ]);
    }
    return 'ok';
  }

  /** Lock and unlock emit nothing (21g). */
  setLocked(name: string, locked: boolean): RoomResult {
    const room = this.find(name);
    if (!room) return 'no-conference';
    room.locked = locked;
    return 'ok';
  }

  setTalking(name: string, channel: string, talking: boolean): RoomResult {
    const room = this.find(name);
    const p = room?.participants.find((x) => x.channel === channel);
    if (!room || !p) return room ? 'no-channel' : 'no-conference';
    p.talking = talking;
    this.emit('ConfbridgeTalking', [
      ['Conference', name],
      ...this.bridgeLines(room),
      ...p.lines(),
      ['TalkingStatus', talking ? 'on' : 'off'],
      ['Admin', yesNo(p.admin)],
    ]);
    return 'ok';
  }

  /** ConfbridgeStartRecord / StopRecord: ConfbridgeRecord / ConfbridgeStopRecord with the bridge fields. */
  setRecording(name: string, recording: boolean): RoomResult | 'already' | 'not-recording' {
    const room = this.find(name);
    if (!room) return 'no-conference';
    if (room.recording === recording) return recording ? 'already' : 'not-recording';
    room.recording = recording;
    this.emit(recording ? 'ConfbridgeRecord' : 'ConfbridgeStopRecord', [
      ['Conference', name],
      ...this.bridgeLines(room),
    ]);
    return 'ok';
  }

  listRoomLines(room: Room): Lines {
    return [
      ['Conference', room.name],
      ['Parties', String(room.participants.length)],
      ['Marked', String(room.participants.filter((p) => p.marked).length)],
      ['Locked', yesNo(room.locked)],
      ['Muted', yesNo(room.muted)],
    ];
  }

  listLines(room: Room, p: Participant): Lines {
    return [
      ['Conference', room.name],
      ['Admin', yesNo(p.admin)],
      ['MarkedUser', yesNo(p.marked)],
      ['WaitMarked', 'No'],
      ['EndMarked', 'No'],
      ['EndMarkedAny', 'No'],
      ['Waiting', 'No'],
      ['Muted', yesNo(p.muted)],
      ['Talking', yesNo(p.talking)],
      ['AnsweredTime', String(Math.floor((this.deps.now() - p.joinedMs) / 1000))],
      ...p.lines(),
    ];
  }

  bridgeLines(room: Room): Lines {
    return [
      ['BridgeUniqueid', room.bridgeUniqueid],
      ['BridgeType', 'base'],
      ['BridgeTechnology', 'softmix'],
      ['BridgeCreator', 'ConfBridge'],
      ['BridgeName', room.name],
      ['BridgeNumChannels', String((room.bridged?.() ?? room.participants.length) + 1)],
      ['BridgeVideoSourceMode', 'none'],
    ];
  }

  private emit(event: string, lines: Lines): void {
    this.deps.emit(EVENT_FLAG.call, event, lines);
  }
}

function constant(lines: Lines): () => Lines {
  return () => lines;
}

function yesNo(b: boolean): string {
  return b ? 'Yes' : 'No';
}
