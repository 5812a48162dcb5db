/**
 * manager.c's `process_message()` and the actions the demo implements. Each action appends rawman
 * text to the request's output, exactly as Asterisk's handlers call astman_append(); the HTTP layer
 * turns that text into rawman, mxml or HTML.
 */
import { skipBlanks } from './blanks';
import { COMMANDS } from './commands';
import { commandOutput } from './cli';
import type { Chan, Lines, Office } from './office';
import { bridgeSnapshot, ENDPOINTS, extensionExists, snapshot, SYSTEM_NAME } from './office';
import { parseCallerId } from './callerid';
import { authorityOf, authorityToString, EVENT_FLAG, parsePerm } from './permissions';
import type { EventQueue, Session } from './sessions';
import type { SecurityEventInput, SecurityEventName } from './security';
import { securityEventLines } from './security';
import { registerSwitchboardActions } from './switchboard/actions';
import { actionLoaded } from './switchboard/modules';
import { findLot, PARKING_LOTS } from './switchboard/dialplan';
import type { DemoModules } from './api';
import { rawmanMessage } from './wire';

export interface ManagerUser {
  readonly user: string;
  readonly secret: string;
  readonly read: string;
  readonly write: string;
}

/** What the actions may touch: the office, the event queue, the configuration. */
export interface ManagerEnv {
  readonly office: Office;
  readonly queue: EventQueue;
  readonly users: readonly ManagerUser[];
  readonly httptimeout: number;
  readonly failedLoginDelayMs: number;
  /** ms since epoch when the PBX (re)started: CoreStatus, uptime. */
  readonly startedMs: () => number;
  /** Emits a security event (SuccessfulAuth) as manager.c's report_* functions do. */
  readonly emit: (category: number, event: string, lines: Lines) => void;
  readonly now: () => number;
  /** Modules left out (DemoOptions.modules): their actions are unknown commands. */
  readonly modules?: DemoModules;
  /** Hears requests that would crash a real Asterisk 22.10.1 (DemoPbx.hazards()). */
  readonly hazard?: (what: string) => void;
}

export interface ActionRequest {
  readonly session: Session;
  /** The message headers (request parameters) in order. */
  readonly headers: Lines;
  /** Local and remote addresses for the security events. */
  readonly local: string;
  readonly remote: string;
}

/** astman_get_header(): first header with that name, case-insensitive; "" when absent. */
export function header(headers: Lines, name: string): string {
  const n = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === n) return skipBlanks(v);
  return '';
}

/** Output of one request: what astman_append() wrote. */
export class Output {
  text = '';
  append(s: string): void {
    this.text += s;
  }
}

/** MSG_MOREDATA: the response block stays open for more lines. */
export const MORE = Symbol('MSG_MOREDATA');

type Handler = (ctx: ActionContext) => number | Promise<number>;

export interface ActionContext {
  readonly env: ManagerEnv;
  readonly req: ActionRequest;
  readonly out: Output;
  get(name: string): string;
  /** astman_send_response_full(). `MORE` leaves the message open (MSG_MOREDATA). */
  respond(resp: string, msg: string | null | typeof MORE, listflag?: string): void;
  error(msg: string): void;
  ack(msg: string): void;
  idText(): string;
}

function makeContext(env: ManagerEnv, req: ActionRequest, out: Output): ActionContext {
  const get = (name: string): string => header(req.headers, name);
  const ctx: ActionContext = {
    env,
    req,
    out,
    get,
    respond(resp, msg, listflag) {
      const id = get('ActionID');
      let s = `Response: ${resp}\r\n`;
      if (id) s += `ActionID: ${id}\r\n`;
      if (listflag) s += `EventList: ${listflag}\r\n`;
      if (msg !== MORE) {
        if (msg !== null) s += `Message: ${msg}\r\n`;
        s += '\r\n';
      }
      out.append(s);
    },
    error(msg) {
      ctx.respond('Error', msg);
    },
    ack(msg) {
      ctx.respond('Success', msg);
    },
    idText() {
      const id = get('ActionID');
      return id ? `ActionID: ${id}\r\n` : '';
    },
  };
  return ctx;
}

/** report_*(): a security event about this request's session. */
function reportSecurity(
  ctx: ActionContext,
  name: SecurityEventName,
  extra: Partial<SecurityEventInput> = {},
): void {
  const { session, local, remote } = ctx.req;
  ctx.env.emit(
    EVENT_FLAG.security,
    name,
    securityEventLines(name, {
      eventMs: ctx.env.now(),
      sessionMs: session.startedMs,
      accountId: session.username,
      sessionId: session.pointer,
      local,
      remote,
      ...extra,
    }),
  );
}

const ACTIONS = new Map<string, { name: string; authority: number; handler: Handler | null }>();

/**
 * process_message(): the checks before an action runs and the run itself. Resolves with manager.c's
 * return value: non-zero means "destroy this session" (Logoff, failed Login).
 */
export async function processMessage(env: ManagerEnv, req: ActionRequest, out: Output): Promise<number> {
  const ctx = makeContext(env, req, out);
  let action = '';
  for (const [k, v] of req.headers) {
    if (k.toLowerCase() === 'action' && skipBlanks(v) !== '') {
      action = skipBlanks(v);
      break;
    }
  }
  if (!action) {
    reportSecurity(ctx, 'RequestBadFormat', { action: 'NONE' });
    ctx.error('Missing action in request');
    return 0;
  }
  const lower = action.toLowerCase();
  const session = req.session;
  if (!session.authenticated && lower !== 'login' && lower !== 'logoff' && lower !== 'challenge') {
    reportSecurity(ctx, 'RequestNotAllowed', { action });
    ctx.error('Permission denied');
    return 0;
  }
  const found = actionLoaded(env.modules, lower) ? ACTIONS.get(lower) : undefined;
  if (!found) {
    reportSecurity(ctx, 'RequestBadFormat', { action });
    ctx.error(`Invalid/unknown command: ${action}. Use Action: ListCommands to show available commands.`);
    return 0;
  }
  if (!(session.writeperm & found.authority) && found.authority !== 0) {
    reportSecurity(ctx, 'RequestNotAllowed', { action });
    ctx.error('Permission denied');
    return 0;
  }
  if (!found.handler) {
    ctx.error(`${found.name} is not simulated by the demo PBX`);
    return 0;
  }
  return found.handler(ctx);
}

/** Gives an action of COMMANDS its handler (the feature folders under electron/demo/ register theirs). */
export function register(name: string, handler: Handler): void {
  const entry = ACTIONS.get(name.toLowerCase());
  if (!entry) throw new Error(`action ${name} is not in COMMANDS`);
  entry.handler = handler;
}

for (const [name, , privs] of COMMANDS) {
  ACTIONS.set(name.toLowerCase(), { name, authority: authorityOf(privs), handler: null });
}

// ---- session actions ----

register('Ping', (ctx) => {
  const now = ctx.env.now();
  ctx.out.append('Response: Success\r\n' + ctx.idText());
  const sec = Math.floor(now / 1000);
  const usec = String((now % 1000) * 1000 + Math.floor(Math.random() * 1000)).padStart(6, '0');
  ctx.out.append(`Ping: Pong\r\nTimestamp: ${sec}.${usec}\r\n\r\n`);
  return 0;
});

register('Logoff', (ctx) => {
  ctx.respond('Goodbye', 'Thanks for all the fish.');
  return -1;
});

register('Challenge', (ctx) => {
  const authType = ctx.get('AuthType');
  if (authType.toLowerCase() !== 'md5') {
    ctx.error('Must specify AuthType');
    return 0;
  }
  const s = ctx.req.session;
  s.challenge ??= String(Math.floor(Math.random() * 2147483647));
  ctx.out.append(`Response: Success\r\n${ctx.idText()}Challenge: ${s.challenge}\r\n\r\n`);
  return 0;
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** strings_to_mask(): -1 when empty; digits; true/false words; else a permission list. */
export function stringsToMask(text: string): number {
  if (text === '') return -1;
  if (/^\d+$/.test(text)) return Number.parseInt(text, 10);
  const t = text.toLowerCase();
  if (['no', 'false', 'n', 'f', '0', 'off'].includes(t)) return 0;
  if (['yes', 'true', 'y', 't', '1', 'on'].includes(t)) return 0x7fffffff;
  return parsePerm(text);
}

register('Login', async (ctx) => {
  const s = ctx.req.session;
  if (s.authenticated) {
    ctx.ack('Already authenticated');
    return 0;
  }
  const username = ctx.get('Username');
  let ok = false;
  if (username) {
    // authenticate(): each way of failing reports its own security event.
    const user = ctx.env.users.find((u) => u.user.toLowerCase() === username.toLowerCase());
    if (!user) {
      reportSecurity(ctx, 'InvalidAccountID', {
        accountId: username,
        sessionId: `0x7f7a${s.pointer.slice(6)}`,
      });
    } else if (ctx.get('AuthType').toLowerCase() === 'md5') {
      const key = ctx.get('Key');
      if (key && s.challenge) {
        const { createHash } = await import('node:crypto');
        const expected = createHash('md5')
          .update(s.challenge + user.secret)
          .digest('hex');
        if (expected === key) ok = true;
        else
          reportSecurity(ctx, 'ChallengeResponseFailed', { challenge: s.challenge, response: key, expected });
      }
    } else if (ctx.get('Secret') === user.secret) {
      ok = true;
    } else {
      reportSecurity(ctx, 'InvalidPassword', { accountId: username });
    }
    if (ok && user) {
      s.username = username;
      s.readperm = parsePerm(user.read);
      s.writeperm = parsePerm(user.write);
    }
  }
  if (!ok) {
    await sleep(ctx.env.failedLoginDelayMs);
    ctx.error('Authentication failed');
    return -1;
  }
  s.authenticated = true;
  const mask = stringsToMask(ctx.get('Events'));
  if (mask >= 0) s.sendEvents = mask;
  const now = ctx.env.now();
  s.startedMs = now;
  reportSecurity(ctx, 'SuccessfulAuth');
  ctx.ack('Authentication accepted');
  if (s.sendEvents & EVENT_FLAG.system && s.readperm & EVENT_FLAG.system) {
    const up = Math.floor((now - ctx.env.startedMs()) / 1000);
    ctx.out.append(
      `Event: FullyBooted\r\nPrivilege: ${authorityToString(EVENT_FLAG.system)}\r\n` +
        `Uptime: ${up}\r\nLastReload: ${up}\r\nStatus: Fully Booted\r\n\r\n`,
    );
  }
  return 0;
});

register('Events', (ctx) => {
  const res = stringsToMask(ctx.get('EventMask'));
  if (res >= 0) ctx.req.session.sendEvents = res;
  if (res > 0) ctx.out.append(`Response: Success\r\n${ctx.idText()}Events: On\r\n\r\n`);
  else if (res === 0) ctx.out.append(`Response: Success\r\n${ctx.idText()}Events: Off\r\n\r\n`);
  else ctx.error('Invalid event mask');
  return 0;
});

register('ListCommands', (ctx) => {
  ctx.respond('Success', MORE);
  const perm = ctx.req.session.writeperm;
  for (const [name, synopsis, privs] of COMMANDS) {
    const authority = authorityOf(privs);
    if (!actionLoaded(ctx.env.modules, name.toLowerCase())) continue;
    if (perm & authority || authority === 0) {
      ctx.out.append(`${name}: ${synopsis} (Priv: ${authorityToString(authority)})\r\n`);
    }
  }
  ctx.out.append('\r\n');
  return 0;
});

/**
 * WaitEvent: parks until an event is queued for anyone (checked once per second, woken early by
 * new events), a newer WaitEvent takes over the session, or the timeout (clamped to what is left
 * of the session's life minus 10 s) runs out.
 */
register('WaitEvent', async (ctx) => {
  const s = ctx.req.session;
  const { queue } = ctx.env;
  const timeouts = ctx.get('Timeout');
  let timeout = -1;
  if (timeouts) {
    const n = scanCInt(timeouts);
    if (n !== null) timeout = n < -1 ? -1 : n;
  }
  s.waiter?.wake();
  const nowSec = Math.floor(ctx.env.now() / 1000);
  const max = Math.max(0, s.sessiontimeout - nowSec - 10);
  if (timeout < 0 || timeout > max) timeout = max;
  if (!s.sendEvents) s.sendEvents = -1;

  let wake: () => void = () => undefined;
  const me = { wake: () => wake() };
  s.waiter = me;
  const stopListening = queue.onAppend(() => wake());
  try {
    for (let x = 0; x < timeout; x++) {
      if (queue.hasAfter(s.lastEv) || s.needdestroy || s.waiter !== me) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = () => undefined;
    }
  } finally {
    stopListening();
  }
  if (s.waiter !== me) return 0; // "Abandoning event request": a newer WaitEvent took over.
  s.waiter = null;
  ctx.respond('Success', 'Waiting for Event completed.');
  for (const e of queue.after(s.lastEv)) {
    if ((s.readperm & e.category) === e.category && (s.sendEvents & e.category) === e.category) {
      ctx.out.append(e.text);
    }
    s.lastEv = e.seq;
  }
  ctx.out.append(`Event: WaitEventComplete\r\n${ctx.idText()}\r\n`);
  return 0;
});

/** sscanf("%30i"): decimal, 0x hex or 0 octal prefix. */
function scanCInt(text: string): number | null {
  const m = /^\s*([+-]?)(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)/i.exec(text);
  if (!m) return null;
  const sign = m[1] === '-' ? -1 : 1;
  const body = m[2] as string;
  const v = body.toLowerCase().startsWith('0x')
    ? Number.parseInt(body.slice(2), 16)
    : body.length > 1 && body.startsWith('0')
      ? Number.parseInt(body, 8)
      : Number.parseInt(body, 10);
  return sign * v;
}

// ---- core status ----

register('CoreSettings', (ctx) => {
  ctx.out.append(
    rawmanMessage([
      ['Response', 'Success'],
      ...idLine(ctx),
      ['AMIversion', '11.0.0'],
      ['AsteriskVersion', '22.10.1'],
      ['SystemName', SYSTEM_NAME],
      ['CoreMaxCalls', '0'],
      ['CoreMaxLoadAvg', '0.000000'],
      ['CoreRunUser', ''],
      ['CoreRunGroup', ''],
      ['CoreMaxFilehandles', '0'],
      ['CoreRealTimeEnabled', 'No'],
      ['CoreCDRenabled', 'No'],
      ['CoreHTTPenabled', 'Yes'],
      ['SoundsSearchCustomDir', 'No'],
    ]),
  );
  return 0;
});

export function idLine(ctx: ActionContext): Lines {
  const id = ctx.get('ActionID');
  return id ? [['ActionID', id]] : [];
}

register('CoreStatus', (ctx) => {
  const started = new Date(ctx.env.startedMs()).toISOString();
  const date = started.slice(0, 10);
  const time = started.slice(11, 19);
  ctx.out.append(
    rawmanMessage([
      ['Response', 'Success'],
      ...idLine(ctx),
      ['CoreStartupDate', date],
      ['CoreStartupTime', time],
      ['CoreReloadDate', date],
      ['CoreReloadTime', time],
      ['CoreCurrentCalls', String(ctx.env.office.chans.length)],
      ['CoreProcessedCalls', String(ctx.env.office.processedCalls)],
    ]),
  );
  return 0;
});

register('Command', (ctx) => {
  const cmd = ctx.get('Command');
  if (!cmd) {
    ctx.error('No command provided');
    return 0;
  }
  const result = commandOutput(cmd, ctx.env.office, ctx.env.now() - ctx.env.startedMs());
  ctx.respond(result.ok ? 'Success' : 'Error', MORE);
  let text = result.text;
  if (text.endsWith('\n')) text = text.slice(0, -1);
  ctx.out.append('Message: Command output follows\r\n');
  for (const line of text.split('\n')) ctx.out.append(`Output: ${line}\r\n`);
  ctx.out.append('\r\n');
  return 0;
});

// ---- channels ----

function hms(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
}

/** Channels in the order Asterisk's container happens to list them (Local ;2 before ;1, as captured). */
function listOrder(office: Office): Chan[] {
  const out: Chan[] = [];
  for (const c of office.chans) {
    if (out.includes(c)) continue;
    if (c.partner && office.chans.includes(c.partner) && c.name.endsWith(';1')) out.push(c.partner, c);
    else out.push(c);
  }
  return out;
}

register('CoreShowChannels', (ctx) => {
  const { office } = ctx.env;
  ctx.respond('Success', 'Channels will follow', 'start');
  const chans = listOrder(office);
  for (const c of chans) {
    ctx.out.append(
      rawmanMessage([
        ['Event', 'CoreShowChannel'],
        ...idLine(ctx),
        ...snapshot(c),
        ['Application', c.app],
        ['ApplicationData', c.appData],
        ['Duration', hms(office.durationSeconds(c))],
        ['BridgeId', c.bridge?.id ?? ''],
      ]),
    );
  }
  listComplete(ctx, 'CoreShowChannelsComplete', chans.length);
  return 0;
});

export function listComplete(ctx: ActionContext, event: string, count: number, extra: Lines = []): void {
  ctx.out.append(
    rawmanMessage([
      ['Event', event],
      ...idLine(ctx),
      ['EventList', 'Complete'],
      ['ListItems', String(count)],
      ...extra,
    ]),
  );
}

register('Status', (ctx) => {
  const { office } = ctx.env;
  const name = ctx.get('Channel');
  let chans = listOrder(office);
  if (name) {
    const c = office.find(name);
    if (!c) {
      ctx.error('No such channel');
      return 0;
    }
    chans = [c];
  }
  const wanted = ctx
    .get('Variables')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  ctx.respond('Success', 'Channel status will follow', 'start');
  for (const c of chans) {
    const tech = c.name.slice(0, c.name.indexOf('/'));
    const fmt = tech === 'Local' ? 'slin' : 'ulaw';
    ctx.out.append(
      rawmanMessage([
        ['Event', 'Status'],
        ['Privilege', 'Call'],
        ...snapshot(c),
        ['Type', tech],
        ['DNID', ''],
        ['EffectiveConnectedLineNum', c.connectedNum || '<unknown>'],
        ['EffectiveConnectedLineName', c.connectedName || '<unknown>'],
        ['TimeToHangup', '0'],
        ['BridgeID', c.bridge?.id ?? ''],
        ['Application', c.app],
        ['Data', c.appData],
        ['Nativeformats', `(${fmt})`],
        ['Readformat', fmt],
        ['Readtrans', ''],
        ['Writeformat', fmt],
        ['Writetrans', ''],
        ['Callgroup', '0'],
        ['Pickupgroup', '0'],
        ['Seconds', String(office.durationSeconds(c))],
        ...wanted.map((v) => ['Variable', `${v}=${office.getVar(c, v)}`] as const),
        ...idLine(ctx),
      ]),
    );
  }
  listComplete(ctx, 'StatusComplete', chans.length, [['Items', String(chans.length)]]);
  return 0;
});

/**
 * The channel the Channel header names, as Hangup, MixMonitor and StopMixMonitor look it up; undefined
 * once manager.c's error for a missing or unknown one has been answered.
 */
function namedChannel(ctx: ActionContext): Chan | undefined {
  const name = ctx.get('Channel');
  if (!name) {
    ctx.error('No channel specified');
    return undefined;
  }
  const c = ctx.env.office.find(name);
  if (!c) ctx.error('No such channel');
  return c;
}

register('Hangup', (ctx) => {
  const c = namedChannel(ctx);
  if (!c) return 0;
  const cause = Number.parseInt(ctx.get('Cause'), 10);
  ctx.env.office.hangup(c, Number.isFinite(cause) && cause > 0 ? cause : 16);
  ctx.ack('Channel Hungup');
  return 0;
});

/**
 * Setvar's and Getvar's target: the Variable, on the named channel or (no Channel) the globals; undefined
 * once the error for a missing variable or an unknown channel has been answered.
 */
function variableTarget(ctx: ActionContext): { variable: string; channel: Chan | null } | undefined {
  const name = ctx.get('Channel');
  const variable = ctx.get('Variable');
  if (!variable) {
    ctx.error('No variable specified');
    return undefined;
  }
  if (!name) return { variable, channel: null };
  const channel = ctx.env.office.find(name);
  if (!channel) {
    ctx.error('No such channel');
    return undefined;
  }
  return { variable, channel };
}

register('Setvar', (ctx) => {
  const target = variableTarget(ctx);
  if (!target) return 0;
  const { office } = ctx.env;
  // A name ending in ')' is a function write (pbx_builtin_setvar_helper()); its failure is the error.
  if (/^(DEVICE_STATE|PRESENCE_STATE)\(/i.test(target.variable) && target.variable.endsWith(')')) {
    if (!office.writeFunction(target.variable, ctx.get('Value'))) {
      ctx.error('Variable not set');
      return 0;
    }
  } else {
    office.setVar(target.channel, target.variable, ctx.get('Value'));
  }
  ctx.ack('Variable Set');
  return 0;
});

register('Getvar', (ctx) => {
  const target = variableTarget(ctx);
  if (!target) return 0;
  const value = ctx.env.office.getVar(target.channel, target.variable);
  ctx.respond('Success', MORE);
  ctx.out.append(`Variable: ${target.variable}\r\nValue: ${value}\r\n\r\n`);
  return 0;
});

function priorityOf(text: string): number | null {
  if (text === '') return 1;
  const m = /^\s*(-?\d+)/.exec(text);
  return m ? Number.parseInt(m[1] as string, 10) : null;
}

register('Redirect', (ctx) => {
  const { office } = ctx.env;
  const name = ctx.get('Channel');
  const extra = ctx.get('ExtraChannel');
  const context = ctx.get('Context');
  const exten = ctx.get('Exten');
  const priority = priorityOf(ctx.get('Priority'));
  if (!name) {
    ctx.error('Channel not specified');
    return 0;
  }
  if (priority === null) {
    ctx.error('Invalid priority');
    return 0;
  }
  const c = office.find(name);
  if (!c) {
    ctx.error(`Channel does not exist: ${name}`);
    return 0;
  }
  const c2 = extra ? office.find(extra) : undefined;
  if (extra && !c2) {
    ctx.error(`ExtraChannel does not exist: ${extra}`);
    return 0;
  }
  office.redirect(c, context || c.context, exten || c.exten, priority);
  if (c2) {
    office.redirect(
      c2,
      ctx.get('ExtraContext') || context || c2.context,
      ctx.get('ExtraExten') || exten,
      priority,
    );
    ctx.ack('Dual Redirect successful');
  } else {
    ctx.ack('Redirect successful');
  }
  return 0;
});

/** How Asterisk reads an Originate's CallerID (callerid.ts; kept here for existing importers). */
export { parseCallerId };

register('Originate', async (ctx) => {
  const { office } = ctx.env;
  const channel = ctx.get('Channel');
  const context = ctx.get('Context');
  const exten = ctx.get('Exten');
  const priorityText = ctx.get('Priority');
  const application = ctx.get('Application');
  const timeout = ctx.get('Timeout');
  if (!channel) {
    ctx.error('Channel not specified');
    return 0;
  }
  let pi = 0;
  if (priorityText) {
    const p = /^\s*(-?\d+)/.exec(priorityText);
    if (!p) {
      ctx.error('Invalid priority');
      return 0;
    }
    pi = Number.parseInt(p[1] as string, 10);
  }
  if (timeout && !/^\s*-?\d/.test(timeout)) {
    ctx.error('Invalid timeout');
    return 0;
  }
  if (!channel.includes('/')) {
    ctx.error('Invalid channel');
    return 0;
  }
  if (!application && exten && context && pi) {
    if (!extensionExists(context, exten)) {
      ctx.error('Extension does not exist.');
      return 0;
    }
  }
  if (!application && !(exten && context && pi)) {
    ctx.error("Originate with 'Exten' requires 'Context' and 'Priority'");
    return 0;
  }
  const cid = parseCallerId(ctx.get('CallerID'));
  const variables: Array<readonly [string, string]> = [];
  for (const [k, v] of ctx.req.headers) {
    if (k.toLowerCase() !== 'variable') continue;
    // ast_app_separate_args(): a comma inside parentheses (PJSIP_HEADER(add,X-Name)=v) does not split.
    for (const part of v.split(/,(?![^(]*\))/)) {
      const eq = part.indexOf('=');
      if (eq > 0) variables.push([part.slice(0, eq), part.slice(eq + 1)]);
    }
  }
  const isAsync = /^(yes|true|y|t|1|on)$/i.test(ctx.get('Async'));
  const request = {
    channel,
    ...(context ? { context } : {}),
    ...(exten ? { exten } : {}),
    priority: pi || 1,
    ...(application ? { application, data: ctx.get('Data') } : {}),
    ...(cid.num ? { callerIdNum: cid.num } : {}),
    ...(cid.name ? { callerIdName: cid.name } : {}),
    ...(ctx.get('ActionID') ? { actionId: ctx.get('ActionID') } : {}),
    ...(ctx.get('ChannelId') ? { channelId: ctx.get('ChannelId') } : {}),
    async: isAsync,
    variables,
  };
  const run = (): boolean => {
    const emitResponse = (lines: Lines): void => {
      if (isAsync) ctx.env.emit(EVENT_FLAG.call, 'OriginateResponse', lines);
    };
    if (/^Local\//i.test(channel)) return office.originateLocal(request, emitResponse);
    if (/^PJSIP\//i.test(channel)) return office.originatePjsip(request, emitResponse);
    if (isAsync) {
      ctx.env.emit(EVENT_FLAG.call, 'OriginateResponse', [
        ...idLine(ctx),
        ['Response', 'Failure'],
        ['Channel', channel],
        ...(application
          ? ([
              ['Application', application],
              ['Data', ctx.get('Data')],
            ] as const)
          : ([
              ['Context', context],
              ['Exten', exten],
            ] as const)),
        ['Reason', '0'],
        ['Uniqueid', ctx.get('ChannelId') || '<unknown>'],
        ['CallerIDNum', cid.num || '<unknown>'],
        ['CallerIDName', cid.name || '<unknown>'],
      ]);
    }
    return false;
  };
  if (isAsync) {
    // Asterisk queues the originate on another thread: the answer leaves before its events.
    setTimeout(run, 1);
    ctx.ack('Originate successfully queued');
  } else if (run()) {
    ctx.ack('Originate successfully queued');
  } else {
    ctx.error('Originate failed');
  }
  return 0;
});

register('UserEvent', (ctx) => {
  const event = ctx.get('UserEvent');
  let body = '';
  for (const [k, v] of ctx.req.headers) {
    const l = k.toLowerCase();
    if (l === 'action' || l === 'userevent') continue;
    body += `${k}: ${v}\r\n`;
  }
  ctx.env.emit(EVENT_FLAG.user, 'UserEvent', [['UserEvent', event], ...parseLines(body)]);
  ctx.ack('Event Sent');
  return 0;
});

function parseLines(text: string): Lines {
  return text
    .split('\r\n')
    .filter(Boolean)
    .map((l) => {
      const i = l.indexOf(': ');
      return [l.slice(0, i), l.slice(i + 2)] as const;
    });
}

register('BridgeList', (ctx) => {
  const type = ctx.get('BridgeType');
  ctx.respond('Success', 'Bridge listing will follow', 'start');
  let count = 0;
  for (const b of ctx.env.office.bridges) {
    if (type && type !== b.technology) continue;
    ctx.out.append(rawmanMessage([['Event', 'BridgeListItem'], ...idLine(ctx), ...bridgeSnapshot(b)]));
    count++;
  }
  listComplete(ctx, 'BridgeListComplete', count);
  return 0;
});

// DeviceStateList, ExtensionStateList, ExtensionState: switchboard/actions.ts.

/**
 * manager_bridges.c's manager_bridge_info(): one BridgeInfoChannel per member (ActionID first, as
 * its id text is printed before the channel's), then the bridge snapshot in BridgeInfoComplete.
 */
register('BridgeInfo', (ctx) => {
  const id = ctx.get('BridgeUniqueid');
  if (!id) {
    ctx.error('BridgeUniqueid must be provided');
    return 0;
  }
  const bridge = ctx.env.office.bridges.find((b) => b.id === id);
  if (!bridge) {
    ctx.error('Specified BridgeUniqueid not found');
    return 0;
  }
  ctx.respond('Success', 'Bridge channel listing will follow', 'start');
  for (const c of bridge.channels) {
    ctx.out.append(rawmanMessage([['Event', 'BridgeInfoChannel'], ...idLine(ctx), ...snapshot(c)]));
  }
  listComplete(ctx, 'BridgeInfoComplete', bridge.channels.length, bridgeSnapshot(bridge));
  return 0;
});

/** devicestate.c's ast_devstate2str() texts. */
const DEVICE_TEXT: Readonly<Record<string, string>> = {
  UNKNOWN: 'Unknown',
  NOT_INUSE: 'Not in use',
  INUSE: 'In use',
  BUSY: 'Busy',
  INVALID: 'Invalid',
  UNAVAILABLE: 'Unavailable',
  RINGING: 'Ringing',
  RINGINUSE: 'Ring+Inuse',
  ONHOLD: 'On Hold',
};

/**
 * res_pjsip's ami_show_endpoints(): ActiveChannels is the endpoint's channel count, and Contacts
 * lists the AOR's registered contacts as `aor/uri,` (none while the phone is unregistered).
 */
register('PJSIPShowEndpoints', (ctx) => {
  const { office } = ctx.env;
  ctx.respond('Success', 'A listing of Endpoints follows, presented as EndpointList events', 'start');
  for (const e of ENDPOINTS) {
    const state = office.deviceStates.get(`PJSIP/${e.id}`) ?? 'UNAVAILABLE';
    const active = office.chans.filter((c) => c.endpoint?.id === e.id).length;
    const registered = state !== 'UNAVAILABLE' && state !== 'INVALID';
    ctx.out.append(
      rawmanMessage([
        ['Event', 'EndpointList'],
        ...idLine(ctx),
        ['ObjectType', 'endpoint'],
        ['ObjectName', e.id],
        ['Transport', 'transport-udp'],
        ['Aor', e.id],
        ['Auths', e.id],
        ['OutboundAuths', ''],
        ['Contacts', registered ? `${e.id}/sip:${e.id}@192.0.2.${Number(e.id) - 100}:5060,` : ''],
        ['DeviceState', DEVICE_TEXT[state] ?? 'Unknown'],
        ['ActiveChannels', String(active)],
      ]),
    );
  }
  listComplete(ctx, 'EndpointListComplete', ENDPOINTS.length);
  return 0;
});

/** The `i(VAR)` option of MixMonitor: where it stores the recording's id. */
function uidVariable(options: string): string {
  return /i\(([^)]*)\)/.exec(options)?.[1] ?? '';
}

/**
 * app_mixmonitor's manager_mixmonitor(): needs a File (or r()/t() options); sets MIXMONITOR_FILENAME
 * (relative names land in the monitor spool); MixMonitorID is answered only with the i(VAR) option.
 */
register('MixMonitor', (ctx) => {
  const c = namedChannel(ctx);
  if (!c) return 0;
  const { office } = ctx.env;
  const file = ctx.get('File');
  const options = ctx.get('Options');
  if (!file && !/[rt]\(/.test(options)) {
    ctx.error('Could not start monitoring channel');
    return 0;
  }
  const path = file && !file.startsWith('/') ? `${office.spoolDir}/monitor/${file}` : file;
  office.setVar(c, 'MIXMONITOR_FILENAME', path);
  const uidVar = uidVariable(options);
  // The audiohook makes the bridge look at its members again (BRIDGEPEER, 27b/27c): after the
  // start with b() (the recording waits for the bridge), before it otherwise.
  const bridged = /b/.test(options.replace(/\([^)]*\)/g, ''));
  if (!bridged && c.bridge) office.bridgePeers(c.bridge);
  const id = office.startMonitor(c, uidVar);
  if (bridged && c.bridge) office.bridgePeers(c.bridge);
  ctx.out.append(`Response: Success\r\n${ctx.idText()}${uidVar ? `MixMonitorID: ${id}\r\n` : ''}\r\n`);
  return 0;
});

/** manager_stop_mixmonitor(): success has no Message line. */
register('StopMixMonitor', (ctx) => {
  const c = namedChannel(ctx);
  if (!c) return 0;
  const id = ctx.get('MixMonitorID');
  if ((id && id !== c.monitorId) || !ctx.env.office.stopMonitor(c)) {
    ctx.error('Could not stop monitoring channel');
    return 0;
  }
  // The audiohook leaves: the bridge looks at its members again (27b, 27c).
  if (c.bridge) ctx.env.office.bridgePeers(c.bridge);
  ctx.out.append(`Response: Success\r\n${ctx.idText()}\r\n`);
  return 0;
});

/**
 * res_parking's manager_park(). Its ack really ends in "\n" ("Park successful\n"). Timeout is in ms
 * (0 = never); the bridge peer is the parker only when named as TimeoutChannel, else the channel
 * parks itself.
 */
register('Park', (ctx) => {
  const { office } = ctx.env;
  const name = ctx.get('Channel');
  if (!name) {
    ctx.error('Channel not specified');
    return 0;
  }
  const timeout = ctx.get('Timeout');
  let seconds: number | null = null;
  if (timeout) {
    const ms = /^\s*([+-]?\d+)/.exec(timeout);
    const n = ms ? Number.parseInt(ms[1] as string, 10) : -1;
    if (n < 0) {
      ctx.error('Invalid Timeout value.');
      return 0;
    }
    seconds = n === 0 ? 0 : Math.max(1, Math.floor(n / 1000));
  }
  const c = office.find(name);
  if (!c) {
    ctx.error(`Channel does not exist: ${name}`);
    return 0;
  }
  const timeoutChannel = ctx.get('TimeoutChannel') || ctx.get('Channel2');
  if (timeoutChannel) office.setVar(c, 'BLINDTRANSFER', timeoutChannel);
  const space = ctx.get('ParkingSpace');
  if (space) office.setVar(c, 'PARKINGEXTEN', space);
  // Asterisk 22.10.1 tests the AnnounceChannel's name instead of the channel it looked up and
  // crashes on a missing one (23j); the demo answers as the check meant to.
  const announce = ctx.get('AnnounceChannel');
  if (announce && !office.find(announce)) {
    ctx.env.hazard?.(`Park with a missing AnnounceChannel (${announce}) crashes Asterisk 22.10.1`);
    ctx.error('AnnounceChannel does not exist');
    return 0;
  }
  const lot = findLot(ctx.get('Parkinglot') || 'default');
  const wanted = space ? Number.parseInt(space, 10) : undefined;
  const parked = lot
    ? office.park(
        c,
        seconds ?? lot.timeoutSeconds,
        timeoutChannel,
        lot,
        Number.isFinite(wanted) ? wanted : undefined,
      )
    : null;
  if (parked === null) {
    ctx.error('Park action failed\n');
    return 0;
  }
  ctx.ack('Park successful\n');
  return 0;
});

/**
 * res_parking's manager_parking_status(): one `ParkedCall` per parked call, written with
 * astman_append() (so no Privilege or SystemName, and the ActionID comes last), then
 * ParkedCallsComplete with `Total`.
 */
register('ParkedCalls', (ctx) => {
  const lotName = ctx.get('ParkingLot');
  if (lotName && !findLot(lotName)) {
    ctx.error('Requested parking lot could not be found.');
    return 0;
  }
  ctx.respond('Success', 'Parked calls will follow', 'start');
  const parked = ctx.env.office.parked().filter((c) => !lotName || c.parking?.lot === lotName);
  for (const c of parked) {
    ctx.out.append(
      rawmanMessage([['Event', 'ParkedCall'], ...ctx.env.office.parkedCallLines(c), ...idLine(ctx)]),
    );
  }
  listComplete(ctx, 'ParkedCallsComplete', parked.length, [['Total', String(parked.length)]]);
  return 0;
});

/** parking_manager.c's manager_parking_lot_list(): one Parkinglot per lot, then ParkinglotsComplete. */
register('Parkinglots', (ctx) => {
  ctx.respond('Success', 'Parking lots will follow', 'start');
  for (const lot of PARKING_LOTS) {
    ctx.out.append(
      rawmanMessage([
        ['Event', 'Parkinglot'],
        ...idLine(ctx),
        ['Name', lot.name],
        ['StartSpace', String(lot.startSpace)],
        ['StopSpace', String(lot.stopSpace)],
        ['Timeout', String(lot.timeoutSeconds)],
      ]),
    );
  }
  listComplete(ctx, 'ParkinglotsComplete', PARKING_LOTS.length);
  return 0;
});

register('Atxfer', (ctx) => {
  const name = ctx.get('Channel');
  const exten = ctx.get('Exten');
  if (!name) {
    ctx.error('No channel specified');
    return 0;
  }
  if (!exten) {
    ctx.error('No extension specified');
    return 0;
  }
  const c = ctx.env.office.find(name);
  if (!c) {
    ctx.error('Channel specified does not exist');
    return 0;
  }
  // manager.c only queues the feature code's DTMF (the office's features.conf maps atxfer to *2);
  // a channel outside a bridge ignores it.
  const context = ctx.get('Context');
  // A Local channel has the atxfer code only where the dialplan set FEATUREMAP(atxfer) (27f).
  if (c.partner && !c.vars.has('FEATUREMAP(atxfer)')) {
    ctx.error('No attended transfer feature code found');
    return 0;
  }
  if (context) ctx.env.office.setVar(c, 'TRANSFER_CONTEXT', context);
  if (c.partner) {
    ctx.ack('Atxfer successfully queued');
    ctx.env.office.atxferDialCaller(c, context || c.context, exten);
    return 0;
  }
  ctx.env.office.atxfer(c, exten);
  ctx.ack('Atxfer successfully queued');
  return 0;
});

registerSwitchboardActions({ register, more: MORE });
