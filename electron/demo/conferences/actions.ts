/**
 * app_confbridge's manager actions with the texts Asterisk 22.10.1 answers (captures 21a–21k): list
 * items carry their ActionID second; "No active conferences." while no room exists at all.
 */
import type { ActionContext } from '../actions';
import { idLine, listComplete, register } from '../actions';
import { rawmanMessage } from '../wire';
import { confBridgeOf, conferenceRoomsOf } from './attach';
import type { ConferenceRooms, RoomResult } from './rooms';

function item(ctx: ActionContext, event: string, lines: ReadonlyArray<readonly [string, string]>): void {
  ctx.out.append(rawmanMessage([['Event', event], ...idLine(ctx), ...lines]));
}

/** The checks every action on one conference makes first; the rooms, or undefined once answered. */
function conferenceOf(ctx: ActionContext, needChannel: boolean): ConferenceRooms | undefined {
  if (!ctx.get('Conference')) {
    ctx.error('No Conference name provided.');
    return undefined;
  }
  if (needChannel && !ctx.get('Channel')) {
    ctx.error('No channel name provided.');
    return undefined;
  }
  const rooms = conferenceRoomsOf(ctx.env.office);
  if (rooms.rooms.length === 0) {
    ctx.error('No active conferences.');
    return undefined;
  }
  return rooms;
}

function answer(ctx: ActionContext, result: RoomResult, ok: string): void {
  if (result === 'ok') ctx.ack(ok);
  else if (result === 'no-conference') ctx.error('No Conference by that name found.');
  else ctx.error('No Channel by that name found in Conference.');
}

register('ConfbridgeListRooms', (ctx) => {
  const rooms = conferenceRoomsOf(ctx.env.office);
  if (rooms.rooms.length === 0) {
    ctx.error('No active conferences.');
    return 0;
  }
  ctx.respond('Success', 'Confbridge conferences will follow', 'start');
  for (const room of rooms.rooms) item(ctx, 'ConfbridgeListRooms', rooms.listRoomLines(room));
  listComplete(ctx, 'ConfbridgeListRoomsComplete', rooms.rooms.length);
  return 0;
});

register('ConfbridgeList', (ctx) => {
  const rooms = conferenceOf(ctx, false);
  if (!rooms) return 0;
  const room = rooms.find(ctx.get('Conference'));
  if (!room) {
    ctx.error('No Conference by that name found.');
    return 0;
  }
  ctx.respond('Success', 'Confbridge user list will follow', 'start');
  for (const p of room.participants) item(ctx, 'ConfbridgeList', rooms.listLines(room, p));
  listComplete(ctx, 'ConfbridgeListComplete', room.participants.length);
  return 0;
});

for (const [action, muted, text] of [
  ['ConfbridgeMute', true, 'User muted'],
  ['ConfbridgeUnmute', false, 'User unmuted'],
] as const) {
  register(action, (ctx) => {
    const rooms = conferenceOf(ctx, true);
    if (rooms) answer(ctx, rooms.setMuted(ctx.get('Conference'), ctx.get('Channel'), muted), text);
    return 0;
  });
}

register('ConfbridgeKick', (ctx) => {
  const rooms = conferenceOf(ctx, true);
  if (!rooms) return 0;
  const name = ctx.get('Conference');
  const target = ctx.get('Channel');
  const room = rooms.find(name);
  if (!room) {
    ctx.error('No Conference by that name found.');
    return 0;
  }
  const kicked =
    target === 'all'
      ? [...room.participants]
      : target === 'participants'
        ? room.participants.filter((p) => !p.admin)
        : room.participants.filter((p) => p.channel === target);
  if (kicked.length === 0) {
    ctx.error('No Channel by that name found in Conference.');
    return 0;
  }
  ctx.ack('User kicked');
  // The kicked channel leaves the bridge and hangs up (21h).
  const app = confBridgeOf(ctx.env.office);
  for (const p of kicked) {
    if (app.has(p.channel)) {
      app.kick(p.channel);
      continue;
    }
    rooms.leave(name, p.channel);
    const chan = ctx.env.office.find(p.channel);
    if (chan) ctx.env.office.hangup(chan);
  }
  return 0;
});

for (const [action, locked, text] of [
  ['ConfbridgeLock', true, 'Conference locked'],
  ['ConfbridgeUnlock', false, 'Conference unlocked'],
] as const) {
  register(action, (ctx) => {
    const rooms = conferenceOf(ctx, false);
    if (rooms) answer(ctx, rooms.setLocked(ctx.get('Conference'), locked), text);
    return 0;
  });
}

register('ConfbridgeStartRecord', (ctx) => {
  const rooms = conferenceOf(ctx, false);
  if (!rooms) return 0;
  const result = rooms.setRecording(ctx.get('Conference'), true);
  if (result === 'already') ctx.error('Conference is already being recorded.');
  else if (result === 'ok') ctx.ack('Conference Recording Started.');
  else ctx.error('No Conference by that name found.');
  return 0;
});

register('ConfbridgeStopRecord', (ctx) => {
  const rooms = conferenceOf(ctx, false);
  if (!rooms) return 0;
  const result = rooms.setRecording(ctx.get('Conference'), false);
  if (result === 'not-recording') ctx.error('Internal error while stopping recording.');
  else if (result === 'ok') ctx.ack('Conference Recording Stopped.');
  else ctx.error('No Conference by that name found.');
  return 0;
});
