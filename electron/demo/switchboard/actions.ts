/**
 * The manager actions a switchboard reads and writes, as Asterisk 22.10.1 answers them: AstDB
 * (main/db.c: DBPut, DBGet, DBDel, DBDelTree, DBGetTree; captures 24a–24f), hints and device states
 * (pbx.c / res_manager_devicestate.c: ExtensionStateList, ExtensionState, DeviceStateList; 26a–26e)
 * and presence (manager.c / res_manager_presencestate.c: PresenceState, PresenceStateList; 25a–25e).
 * Registered by electron/demo/actions.ts through `registerSwitchboardActions`.
 */
import type { ActionContext } from '../actions';
import type { Lines } from '../office';
import { rawmanMessage } from '../wire';
import { deviceListOrder, extensionStatus, hintListOrder, presenceListOrder } from './devstate';
import { customProvider } from './presence';

type Handler = (ctx: ActionContext) => number;

/** What actions.ts lends: its register() and the MSG_MOREDATA marker. */
export interface ActionHooks {
  readonly register: (name: string, handler: Handler) => void;
  readonly more: symbol;
}

function idLine(ctx: ActionContext): Lines {
  const id = ctx.get('ActionID');
  return id ? [['ActionID', id]] : [];
}

/** astman_send_list_complete_start/end(). */
function complete(ctx: ActionContext, event: string, count: number): void {
  ctx.out.append(
    rawmanMessage([
      ['Event', event],
      ...idLine(ctx),
      ['EventList', 'Complete'],
      ['ListItems', String(count)],
    ]),
  );
}

export function registerSwitchboardActions({ register, more }: ActionHooks): void {
  const MORE = more as Parameters<ActionContext['respond']>[1];

  // ---- AstDB (main/db.c) ----

  register('DBPut', (ctx) => {
    const family = ctx.get('Family');
    const key = ctx.get('Key');
    if (!family) return (ctx.error('No family specified'), 0);
    if (!key) return (ctx.error('No key specified'), 0);
    ctx.env.office.switchboard.astdb.put(family, key, ctx.get('Val'));
    ctx.ack('Updated database successfully');
    return 0;
  });

  register('DBGet', (ctx) => {
    const family = ctx.get('Family');
    const key = ctx.get('Key');
    if (!family) return (ctx.error('No family specified.'), 0);
    if (!key) return (ctx.error('No key specified.'), 0);
    const value = ctx.env.office.switchboard.astdb.get(family, key);
    if (value === undefined) return (ctx.error('Database entry not found'), 0);
    ctx.respond('Success', 'Result will follow', 'start');
    // astman_append() with the id text last, as db.c writes it.
    ctx.out.append(
      rawmanMessage([
        ['Event', 'DBGetResponse'],
        ['Family', family],
        ['Key', key],
        ['Val', value],
        ...idLine(ctx),
      ]),
    );
    complete(ctx, 'DBGetComplete', 1);
    return 0;
  });

  register('DBGetTree', (ctx) => {
    // create_prefix(): no Family means the whole database, whatever Key says (24e).
    const rows = ctx.env.office.switchboard.astdb.tree(
      ctx.get('Family'),
      ctx.get('Family') ? ctx.get('Key') : '',
    );
    ctx.respond('Success', 'Result will follow', 'start');
    for (const [key, value] of rows) {
      ctx.out.append(
        rawmanMessage([['Event', 'DBGetTreeResponse'], ['Key', key], ['Val', value], ...idLine(ctx)]),
      );
    }
    complete(ctx, 'DBGetTreeComplete', rows.length);
    return 0;
  });

  register('DBDel', (ctx) => {
    const family = ctx.get('Family');
    const key = ctx.get('Key');
    if (!family) return (ctx.error('No family specified.'), 0);
    if (!key) return (ctx.error('No key specified.'), 0);
    if (!ctx.env.office.switchboard.astdb.del(family, key)) ctx.error('Database entry could not be deleted');
    else ctx.ack('Key deleted successfully');
    return 0;
  });

  register('DBDelTree', (ctx) => {
    const family = ctx.get('Family');
    if (!family) return (ctx.error('No family specified.'), 0);
    const n = ctx.env.office.switchboard.astdb.delTree(family, ctx.get('Key'));
    if (n === 0) ctx.error('Database entry not found');
    else ctx.ack('Key tree deleted successfully');
    return 0;
  });

  // ---- hints and device states ----

  register('ExtensionStateList', (ctx) => {
    const { office } = ctx.env;
    ctx.respond('Success', 'Extension Statuses will follow', 'start');
    // Pattern hints (`_X.`) are in the container but not listed; the demo has none.
    const hints = hintListOrder(office.hints, (h) => h.exten);
    for (const hint of hints) {
      const [status, text] = extensionStatus(office.hintState(hint));
      ctx.out.append(
        rawmanMessage([
          ['Event', 'ExtensionStatus'],
          ...idLine(ctx),
          ['Exten', hint.exten],
          ['Context', hint.context],
          ['Hint', hint.app],
          ['Status', String(status)],
          ['StatusText', text],
        ]),
      );
    }
    complete(ctx, 'ExtensionStateListComplete', hints.length);
    return 0;
  });

  /** action_extensionstate(): Context defaults to `default`; no hint answers Status -1, Unknown. */
  register('ExtensionState', (ctx) => {
    const { office } = ctx.env;
    const exten = ctx.get('Exten');
    if (!exten) return (ctx.error('Extension not specified'), 0);
    const context = ctx.get('Context') || 'default';
    const hint = office.hints.find(
      (h) => h.exten === exten && h.context.toLowerCase() === context.toLowerCase(),
    );
    const [status, text] = hint ? extensionStatus(office.hintState(hint)) : [-1, 'Unknown'];
    ctx.respond('Success', MORE);
    ctx.out.append(
      `Message: Extension Status\r\nExten: ${exten}\r\nContext: ${context}\r\nHint: ${hint?.app ?? ''}\r\n` +
        `Status: ${status}\r\nStatusText: ${text}\r\n\r\n`,
    );
    return 0;
  });

  register('DeviceStateList', (ctx) => {
    ctx.respond('Success', 'Device State Changes will follow', 'start');
    const states = deviceListOrder([...ctx.env.office.deviceStates.entries()], ([device]) => device);
    for (const [device, state] of states) {
      ctx.out.append(
        rawmanMessage([['Event', 'DeviceStateChange'], ...idLine(ctx), ['Device', device], ['State', state]]),
      );
    }
    complete(ctx, 'DeviceStateListComplete', states.length);
    return 0;
  });

  // ---- transfers ----

  /** manager.c's action_blind_transfer(): Context defaults to the channel's own. */
  register('BlindTransfer', (ctx) => {
    const { office } = ctx.env;
    const name = ctx.get('Channel');
    const exten = ctx.get('Exten');
    if (!name) return (ctx.error('No channel specified'), 0);
    if (!exten) return (ctx.error('No extension specified'), 0);
    const c = office.find(name);
    if (!c) return (ctx.error('Channel specified does not exist'), 0);
    if (office.blindTransfer(c, ctx.get('Context') || c.context, exten)) ctx.ack('Transfer succeeded');
    else ctx.error('Transfer invalid');
    return 0;
  });

  // ---- presence ----

  register('PresenceState', (ctx) => {
    const provider = ctx.get('Provider');
    if (!provider) return (ctx.error('No provider specified'), 0);
    const key = customProvider(provider);
    if (!key) return (ctx.error(`Invalid provider ${provider} or provider in invalid state`), 0);
    const p = ctx.env.office.switchboard.presence.get(key);
    ctx.respond('Success', MORE);
    let text = `Message: Presence State\r\nState: ${p?.state ?? 'not_set'}\r\n`;
    if (p?.subtype) text += `Subtype: ${p.subtype}\r\n`;
    // The deprecated second Message line (manager.c says so itself), then PresenceMessage (25b).
    if (p?.message) text += `Message: ${p.message}\r\nPresenceMessage: ${p.message}\r\n`;
    ctx.out.append(`${text}\r\n`);
    return 0;
  });

  register('PresenceStateList', (ctx) => {
    ctx.respond('Success', 'Presence State Changes will follow', 'start');
    const list = presenceListOrder([...ctx.env.office.switchboard.presence.entries()], ([p]) => p);
    for (const [provider, p] of list) {
      ctx.out.append(
        rawmanMessage([
          ['Event', 'PresenceStateChange'],
          ...idLine(ctx),
          ['Presentity', provider],
          ['Status', p.state],
          ['Subtype', p.subtype],
          ['Message', p.message],
        ]),
      );
    }
    complete(ctx, 'PresenceStateListComplete', list.length);
    return 0;
  });
}
