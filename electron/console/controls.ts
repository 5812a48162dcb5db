/**
 * The operator's controls as AMI actions. Pure: payloads arrive already checked by the contract's
 * schemas (no control characters, no commas in channel names), and this only decides which action
 * and which fields, so the mapping is tested without a PBX.
 */
import {
  ipcError,
  type IpcError,
  type RequestChannel,
  type RequestPayload,
  type SpyMode,
} from '../../shared/ipc';
import { notice, type Notice } from '../../shared/notices';
import type { OriginateRequestInfo } from './outcomes';

export type ControlChannel = Extract<RequestChannel, `channels:${string}` | 'calls:originate'>;

export interface AmiAction {
  readonly action: string;
  readonly fields: Readonly<Record<string, string>>;
  /** An asynchronous Originate: its OriginateResponse is awaited and reported as this request. */
  readonly outcome?: OriginateRequestInfo;
  /** How to tell the operator it worked or not; the session adds Asterisk's words as detail. */
  readonly done: Notice;
  readonly failed: Notice;
}

/** What the session knows about the operator, from the connect request or profile. */
export interface OperatorContext {
  /** The operator's own phone, e.g. `PJSIP/100`: spy and click-to-dial ring it first. */
  readonly operatorEndpoint?: string;
  /** Where numbers and transfer targets are dialled. */
  readonly dialContext: string;
}

export const DEFAULT_DIAL_CONTEXT = 'from-internal';

/**
 * ChanSpy options: q = no beep or channel name announced to the operator, E = end when the spied
 * channel hangs up; w = whisper (the operator talks to the spied channel only), B = barge (talks
 * to both parties).
 */
export const SPY_OPTIONS: Readonly<Record<SpyMode, string>> = { listen: 'qE', whisper: 'qEw', barge: 'qEB' };

/** What the operator's phone shows for a spy call, in the operator's language. */
const SPY_CALLER_ID: Readonly<Record<'en' | 'es', Readonly<Record<SpyMode, string>>>> = {
  en: { listen: '"Listen" <spy>', whisper: '"Whisper" <spy>', barge: '"Barge" <spy>' },
  es: { listen: '"Escuchar" <spy>', whisper: '"Susurrar" <spy>', barge: '"Intervenir" <spy>' },
};

/** A MixMonitor file name that is unique per start and safe for Asterisk's monitor folder. */
export function defaultRecordingFile(channel: string, now: number): string {
  const base = channel.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return `console-${base}-${now}.wav`;
}

function noOperator(key: 'console.no-operator-listen' | 'console.no-operator-dial'): IpcError {
  return ipcError('no-operator', notice(key));
}

export function controlAction<C extends ControlChannel>(
  channel: C,
  payload: RequestPayload<C>,
  operator: OperatorContext,
  now: number,
): AmiAction | IpcError {
  // The payload type is correlated with `channel`; TypeScript cannot narrow both at once, so each
  // branch reads its own channel's payload shape.
  const p = payload as RequestPayload<ControlChannel>;
  switch (channel) {
    case 'channels:hangup': {
      const channel = (p as RequestPayload<'channels:hangup'>).channel;
      return {
        action: 'Hangup',
        fields: { Channel: channel },
        done: notice('control.done.hangup', { channel }),
        failed: notice('control.failed.hangup', { channel }),
      };
    }
    case 'channels:redirect': {
      const r = p as RequestPayload<'channels:redirect'>;
      return {
        action: 'Redirect',
        fields: {
          Channel: r.channel,
          Context: r.context ?? operator.dialContext,
          Exten: r.exten,
          Priority: String(r.priority ?? 1),
        },
        done: notice('control.done.redirect', { channel: r.channel, exten: r.exten }),
        failed: notice('control.failed.redirect', { channel: r.channel, exten: r.exten }),
      };
    }
    case 'channels:atxfer': {
      const a = p as RequestPayload<'channels:atxfer'>;
      return {
        action: 'Atxfer',
        fields: { Channel: a.channel, Exten: a.exten, Context: a.context ?? operator.dialContext },
        done: notice('control.done.atxfer', { channel: a.channel, exten: a.exten }),
        failed: notice('control.failed.atxfer', { channel: a.channel, exten: a.exten }),
      };
    }
    case 'channels:park': {
      const k = p as RequestPayload<'channels:park'>;
      return {
        action: 'Park',
        fields: {
          Channel: k.channel,
          // Park's Timeout is in milliseconds.
          ...(k.timeoutSeconds === undefined ? {} : { Timeout: String(k.timeoutSeconds * 1000) }),
          ...(k.parkinglot === undefined ? {} : { Parkinglot: k.parkinglot }),
        },
        done: notice('control.done.park', { channel: k.channel }),
        failed: notice('control.failed.park', { channel: k.channel }),
      };
    }
    case 'channels:record-start': {
      const s = p as RequestPayload<'channels:record-start'>;
      return {
        action: 'MixMonitor',
        fields: { Channel: s.channel, File: s.file ?? defaultRecordingFile(s.channel, now) },
        done: notice('control.done.record-start', { channel: s.channel }),
        failed: notice('control.failed.record-start', { channel: s.channel }),
      };
    }
    case 'channels:record-stop': {
      const channel = (p as RequestPayload<'channels:record-stop'>).channel;
      return {
        action: 'StopMixMonitor',
        fields: { Channel: channel },
        done: notice('control.done.record-stop', { channel }),
        failed: notice('control.failed.record-stop', { channel }),
      };
    }
    case 'channels:spy': {
      const s = p as RequestPayload<'channels:spy'>;
      if (!operator.operatorEndpoint) return noOperator('console.no-operator-listen');
      return {
        action: 'Originate',
        fields: {
          Channel: operator.operatorEndpoint,
          Application: 'ChanSpy',
          Data: `${s.channel},${SPY_OPTIONS[s.mode]}`,
          CallerID: SPY_CALLER_ID[s.language ?? 'en'][s.mode],
          Async: 'true',
        },
        outcome: { control: s.mode, target: s.channel, endpoint: operator.operatorEndpoint },
        done: notice(`control.done.${s.mode}`, { channel: s.channel }),
        failed: notice(`control.failed.${s.mode}`, { channel: s.channel }),
      };
    }
    case 'calls:originate': {
      const o = p as RequestPayload<'calls:originate'>;
      if (!operator.operatorEndpoint) return noOperator('console.no-operator-dial');
      return {
        action: 'Originate',
        fields: {
          Channel: operator.operatorEndpoint,
          Context: o.context ?? operator.dialContext,
          Exten: o.number,
          Priority: '1',
          CallerID: `"${o.number}" <${o.number}>`,
          Async: 'true',
        },
        outcome: { control: 'dial', target: o.number, endpoint: operator.operatorEndpoint },
        done: notice('control.done.dial', { number: o.number }),
        failed: notice('control.failed.dial', { number: o.number }),
      };
    }
  }
  const unreachable: never = channel as never;
  return ipcError('internal', notice('internal', {}, `No AMI action for ${String(unreachable)}`));
}

export function isIpcError(value: AmiAction | IpcError): value is IpcError {
  return 'code' in value;
}
