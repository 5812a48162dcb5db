/**
 * ConfBridge rooms from AMI messages. Pure: ConfbridgeListRooms + ConfbridgeList seed the rooms,
 * then the Confbridge* events (class call) change them. Lock and unlock send no event (21g): the
 * console sets `locked` itself once Asterisk answered `Conference locked`.
 */
import { eventName, get, type AmiMessage } from '../../../shared/ami';
import type { ConferenceParticipant, ConferenceRoom, ConferencesSnapshot } from '../../../shared/conferences';

interface RoomState {
  conference: string;
  locked: boolean;
  recording: boolean;
  participants: ConferenceParticipant[];
}

const str = (m: AmiMessage, key: string): string => get(m, key) ?? '';
const yes = (m: AmiMessage, key: string): boolean => str(m, key) === 'Yes';

function participant(m: AmiMessage, joinedAt: number): ConferenceParticipant {
  return {
    channel: str(m, 'Channel'),
    uniqueid: str(m, 'Uniqueid'),
    callerIdNum: str(m, 'CallerIDNum'),
    callerIdName: str(m, 'CallerIDName'),
    admin: yes(m, 'Admin'),
    marked: yes(m, 'MarkedUser'),
    muted: yes(m, 'Muted'),
    talking: yes(m, 'Talking'),
    joinedAt,
  };
}

export class ConferenceBoard {
  private readonly rooms = new Map<string, RoomState>();

  /** Replaces everything: the ListRooms items and each room's ConfbridgeList items. */
  load(rooms: readonly AmiMessage[], lists: ReadonlyMap<string, readonly AmiMessage[]>, now: number): void {
    this.rooms.clear();
    for (const r of rooms) {
      if (eventName(r) !== 'ConfbridgeListRooms') continue;
      const name = str(r, 'Conference');
      this.rooms.set(name, {
        conference: name,
        locked: yes(r, 'Locked'),
        recording: false,
        participants: (lists.get(name) ?? [])
          .filter((m) => eventName(m) === 'ConfbridgeList')
          .map((m) => {
            const answered = Number.parseInt(str(m, 'AnsweredTime'), 10);
            return participant(m, now - (Number.isFinite(answered) ? answered : 0) * 1000);
          }),
      });
    }
  }

  clear(): void {
    this.rooms.clear();
  }

  apply(m: AmiMessage, now: number): boolean {
    const event = eventName(m);
    const name = str(m, 'Conference');
    if (!event?.startsWith('Confbridge') || !name) return false;
    switch (event) {
      case 'ConfbridgeStart':
        this.room(name);
        return true;
      case 'ConfbridgeEnd':
        return this.rooms.delete(name);
      case 'ConfbridgeJoin': {
        const room = this.room(name);
        const p = participant(m, now);
        room.participants = [...room.participants.filter((x) => x.channel !== p.channel), p];
        return true;
      }
      case 'ConfbridgeLeave': {
        const room = this.rooms.get(name);
        if (!room) return false;
        const channel = str(m, 'Channel');
        room.participants = room.participants.filter((p) => p.channel !== channel);
        return true;
      }
      case 'ConfbridgeMute':
      case 'ConfbridgeUnmute':
        return this.setParticipant(name, str(m, 'Channel'), { muted: event === 'ConfbridgeMute' });
      case 'ConfbridgeTalking':
        return this.setParticipant(name, str(m, 'Channel'), { talking: str(m, 'TalkingStatus') === 'on' });
      case 'ConfbridgeRecord':
      case 'ConfbridgeStopRecord': {
        const room = this.rooms.get(name);
        if (!room) return false;
        room.recording = event === 'ConfbridgeRecord';
        return true;
      }
      default:
        return false;
    }
  }

  /** Lock/unlock answered by Asterisk (no event tells it). */
  setLocked(name: string, locked: boolean): boolean {
    const room = this.rooms.get(name);
    if (!room || room.locked === locked) return false;
    room.locked = locked;
    return true;
  }

  snapshot(): ConferencesSnapshot {
    return {
      rooms: [...this.rooms.values()].map((r): ConferenceRoom => ({
        ...r,
        participants: [...r.participants],
      })),
    };
  }

  private setParticipant(
    name: string,
    channel: string,
    change: Partial<Pick<ConferenceParticipant, 'muted' | 'talking'>>,
  ): boolean {
    const room = this.rooms.get(name);
    if (!room) return false;
    let changed = false;
    room.participants = room.participants.map((p) => {
      if (p.channel !== channel) return p;
      changed = true;
      return { ...p, ...change };
    });
    return changed;
  }

  private room(name: string): RoomState {
    let room = this.rooms.get(name);
    if (!room) {
      room = { conference: name, locked: false, recording: false, participants: [] };
      this.rooms.set(name, room);
    }
    return room;
  }
}
