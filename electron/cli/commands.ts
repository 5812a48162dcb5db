/**
 * Every `ajam` command, in the order `ajam --help` lists them. Adding one is one import and one
 * entry: a module whose default export is defineCommand({...}) (see command.ts).
 */
import action from './action';
import { hangup, originate, redirect } from './calls';
import channels from './channels';
import { conference, conferences } from './conferences';
import type { CliCommand } from './command';
import demo from './demo';
import history from './pipeline';
import ping from './ping';
import { queue, queues } from './queues';
import { dnd, extensions, forward, mailbox, park, parked } from './switchboard';
import upload from './upload';
import watch from './watch';

export const commands: readonly CliCommand[] = [
  ping,
  action,
  channels,
  watch,
  hangup,
  originate,
  redirect,
  extensions,
  parked,
  park,
  dnd,
  forward,
  mailbox,
  queues,
  queue,
  conferences,
  conference,
  upload,
  history,
  demo,
];
