/**
 * app_confbridge as the demo simulates it: rooms, their participants, and the events (class call)
 * Asterisk 22 sends (captures 21a–21k). A room's bridge counts a hidden announcer channel, so
 * BridgeNumChannels is the participants plus one. I/O-free: events go out through `emit`.
 */
import type { Lines } from '../office';
import { EVENT_FLAG } from '../permissions';

export interface Participant {
  readonly channel: string;
  /** The channel's snapshot fields (Channel … Linkedid), as every event carries them. */
  readonly lines: Lines;
  readonly admin: boolean;
  readonly marked: boolean;
  muted: boolean;
  talking: boolean;
  readonly joinedMs: number;
}

export interface Room {
  readonly name: string;
  readonly bridgeUniqueid: string;
  /** In the order ConfbridgeList walks them. */
  readonly participants: Participant[];
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

  /** A channel enters a room (ConfbridgeStart first when the room is new). */
  join(
    name: string,
    p: Omit<Participant, 'muted' | 'talking' | 'joinedMs'> & { muted?: boolean },
  ): Participant {
    let room = this.find(name);
    if (!room) {
      room = {
        name,
        bridgeUniqueid: this.deps.uuid(),
        participants: [],
        locked: false,
        muted: false,
        recording: false,
      };
      this.rooms.push(room);
      this.emit('ConfbridgeStart', [['Conference', name], ...this.bridgeLines(room)]);
    }
    const full: Participant = { ...p, muted: p.muted ?? false, talking: false, joinedMs: this.deps.now() };
    room.participants.push(full);
    this.emit('ConfbridgeJoin', [
      ['Conference', name],
      ...this.bridgeLines(room),
      ...full.lines,
      ['Admin', yesNo(full.admin)],
      ['Muted', yesNo(full.muted)],
    ]);
    return full;
  }

  /** A participant leaves (hung up or kicked); the last one out ends the conference (21k). */
  leave(name: string, channel: string): RoomResult {
    const room = this.find(name);
    if (!room) return 'no-conference';
    const i = room.participants.findIndex((p) => p.channel === channel);
    if (i < 0) return 'no-channel';
    const p = room.participants[i] as Participant;
    // ConfbridgeLeave still counts the leaving channel in the bridge (21h: 4 with 3 participants).
    this.emit('ConfbridgeLeave', [
      ['Conference', name],
      ...this.bridgeLines(room),
      ...p.lines,
      ['Admin', yesNo(p.admin)],
    ]);
    room.participants.splice(i, 1);
    if (room.participants.length === 0) {
      this.rooms.splice(this.rooms.indexOf(room), 1);
      this.emit('ConfbridgeEnd', [['Conference', name], ...this.bridgeLines(room)]);
    }
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
        ...p.lines,
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
      ...p.lines,
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
      ...p.lines,
    ];
  }

  bridgeLines(room: Room): Lines {
    return [
      ['BridgeUniqueid', room.bridgeUniqueid],
      ['BridgeType', 'base'],
      ['BridgeTechnology', 'softmix'],
      ['BridgeCreator', 'ConfBridge'],
      ['BridgeName', room.name],
      ['BridgeNumChannels', String(room.participants.length + 1)],
      ['BridgeVideoSourceMode', 'none'],
    ];
  }

  private emit(event: string, lines: Lines): void {
    this.deps.emit(EVENT_FLAG.call, event, lines);
  }
}

function yesNo(b: boolean): string {
  return b ? 'Yes' : 'No';
}
