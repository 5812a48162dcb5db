/**
 * app_voicemail's manager actions and manager.c's MailboxCount / MailboxStatus, with the texts
 * Asterisk 22.10.1 answers (captures 22a–22g). Several failures answer `Response: Success`, and the
 * move/remove answers end their Message with a bare "\n".
 */
import type { ActionContext } from '../actions';
import { idLine, listComplete, MORE, register } from '../actions';
import { rawmanMessage } from '../wire';
import { voicemailOf } from './attach';
import type { Folder, MailboxConfig, VoicemailStore } from './store';
import { FOLDERS, splitMailbox } from './store';

register('MailboxCount', (ctx) => {
  const mailbox = ctx.get('Mailbox');
  if (!mailbox) {
    ctx.error('Mailbox not specified');
    return 0;
  }
  const [box, context] = splitMailbox(mailbox);
  const c = voicemailOf(ctx.env.office).counts(box, context);
  ctx.respond('Success', MORE);
  ctx.out.append(
    `Message: Mailbox Message Count\r\nMailbox: ${mailbox}\r\nUrgMessages: ${c.urgent}\r\n` +
      `NewMessages: ${c.fresh}\r\nOldMessages: ${c.old}\r\n\r\n`,
  );
  return 0;
});

register('MailboxStatus', (ctx) => {
  const mailbox = ctx.get('Mailbox');
  if (!mailbox) {
    ctx.error('Mailbox not specified');
    return 0;
  }
  const [box, context] = splitMailbox(mailbox);
  const c = voicemailOf(ctx.env.office).counts(box, context);
  ctx.respond('Success', MORE);
  ctx.out.append(
    `Message: Mailbox Status\r\nMailbox: ${mailbox}\r\nWaiting: ${c.fresh + c.urgent > 0 ? 1 : 0}\r\n\r\n`,
  );
  return 0;
});

/** The fields of VoicemailUserEntry / VoicemailUserDetail (voicemail.conf defaults for the rest). */
function userLines(store: VoicemailStore, u: MailboxConfig): Array<readonly [string, string]> {
  const c = store.counts(u.mailbox, u.context);
  return [
    ['VMContext', u.context],
    ['VoiceMailbox', u.mailbox],
    ['Fullname', u.fullname],
    ['Email', u.email ?? '(null)'],
    ['Pager', ''],
    ['ServerEmail', 'asterisk'],
    ['FromString', ''],
    ['MailCommand', '/usr/sbin/sendmail -t'],
    ['Language', ''],
    ['TimeZone', ''],
    ['Callback', ''],
    ['Dialout', ''],
    ['UniqueID', ''],
    ['ExitContext', ''],
    ['SayDurationMinimum', '2'],
    ['SayEnvelope', 'Yes'],
    ['SayCID', 'No'],
    ['AttachMessage', 'No'],
    ['AttachmentFormat', ''],
    ['DeleteMessage', 'No'],
    ['VolumeGain', '0.00'],
    ['CanReview', 'No'],
    ['CanMarkUrgent', 'Yes'],
    ['CallOperator', 'No'],
    ['MaxMessageCount', '100'],
    ['MaxMessageLength', '0'],
    ['NewMessageCount', String(c.fresh + c.urgent)],
    ['OldMessageCount', String(c.old)],
  ];
}

function item(ctx: ActionContext, event: string, lines: ReadonlyArray<readonly [string, string]>): void {
  ctx.out.append(rawmanMessage([['Event', event], ...idLine(ctx), ...lines]));
}

register('VoicemailUsersList', (ctx) => {
  const store = voicemailOf(ctx.env.office);
  ctx.respond('Success', 'Voicemail user list will follow', 'start');
  const users = store.configs();
  for (const u of users) item(ctx, 'VoicemailUserEntry', userLines(store, u));
  listComplete(ctx, 'VoicemailUserEntryComplete', users.length);
  return 0;
});

register('VoicemailUserStatus', (ctx) => {
  const context = ctx.get('Context');
  const mailbox = ctx.get('Mailbox');
  if (!context || !mailbox) {
    ctx.error("Need 'Context' and 'Mailbox' parameters.");
    return 0;
  }
  const store = voicemailOf(ctx.env.office);
  const u = store.configs().find((c) => c.context === context && c.mailbox === mailbox);
  if (!u) {
    ctx.ack('There is no voicemail user of the given info.');
    return 0;
  }
  ctx.respond('Success', 'Voicemail user detail will follow', 'start');
  item(ctx, 'VoicemailUserDetail', userLines(store, u));
  listComplete(ctx, 'VoicemailUserDetailComplete', 1);
  return 0;
});

register('VoicemailBoxSummary', (ctx) => {
  const context = ctx.get('Context');
  const mailbox = ctx.get('Mailbox');
  if (!context || !mailbox) {
    ctx.error("Need 'Context' and 'Mailbox' parameters.");
    return 0;
  }
  const store = voicemailOf(ctx.env.office);
  if (!store.has(mailbox, context)) {
    ctx.ack('There is no voicemail user matching the given user.');
    return 0;
  }
  ctx.respond('Success', 'Voicemail box detail will follow', 'start');
  const messages = store.messages(mailbox, context);
  for (const [folder, m] of messages) {
    item(ctx, 'VoicemailBoxDetail', [
      ['Folder', folder],
      ['CallerID', m.callerId],
      ['Date', m.date],
      ['Duration', String(m.duration)],
      ['Flag', folder === 'Urgent' ? 'Urgent' : ''],
      ['ID', m.id],
    ]);
  }
  listComplete(ctx, 'VoicemailBoxDetailComplete', messages.length);
  return 0;
});

register('VoicemailRefresh', (ctx) => {
  voicemailOf(ctx.env.office).refresh(ctx.get('Mailbox'), ctx.get('Context'));
  ctx.ack('Refresh sent');
  return 0;
});

function folderOf(text: string): Folder | undefined {
  return FOLDERS.find((f) => f.toLowerCase() === text.toLowerCase());
}

/** The parameters VoicemailMove and VoicemailRemove require, in app_voicemail's order. */
function required(ctx: ActionContext, names: readonly string[]): boolean {
  for (const name of names) {
    if (!ctx.get(name)) {
      ctx.error(`${name} not specified, required`);
      return false;
    }
  }
  return true;
}

register('VoicemailMove', (ctx) => {
  if (!required(ctx, ['Mailbox', 'Context', 'Folder', 'ID', 'ToFolder'])) return 0;
  const from = folderOf(ctx.get('Folder'));
  const to = folderOf(ctx.get('ToFolder'));
  const moved =
    from !== undefined &&
    to !== undefined &&
    voicemailOf(ctx.env.office).move(ctx.get('Mailbox'), ctx.get('Context'), from, ctx.get('ID'), to);
  ctx.ack(moved ? 'Message move successful\n' : 'Message move failed\n');
  return 0;
});

register('VoicemailRemove', (ctx) => {
  if (!required(ctx, ['Mailbox', 'Context', 'Folder', 'ID'])) return 0;
  const folder = folderOf(ctx.get('Folder'));
  const removed =
    folder !== undefined &&
    voicemailOf(ctx.env.office).remove(ctx.get('Mailbox'), ctx.get('Context'), folder, ctx.get('ID'));
  ctx.ack(removed ? 'Message remove successful\n' : 'Message remove failed\n');
  return 0;
});
