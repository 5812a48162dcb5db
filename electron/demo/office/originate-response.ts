/**
 * The OriginateResponse event's lines (manager.c's fast_originate()). Pure: the request and the
 * channel it made give the lines.
 */
import type { Chan, Lines, OriginateRequest } from './model';
import { unknown } from './snapshot';

/** What an OriginateResponse names as the call's destination: the application, or context and exten. */
export function originateTarget(req: OriginateRequest): Lines {
  return req.application
    ? [
        ['Application', req.application],
        ['Data', req.data ?? ''],
      ]
    : [
        ['Context', req.context ?? ''],
        ['Exten', req.exten ?? ''],
      ];
}

/** A successful originate's OriginateResponse (Reason 4: answered) for its ;1 or channel. */
export function originateResponse(one: Chan, req: OriginateRequest): Lines {
  return [
    ...(req.actionId ? [['ActionID', req.actionId] as const] : []),
    ['Response', 'Success'],
    ['Channel', one.name],
    ...originateTarget(req),
    ['Reason', '4'],
    ['Uniqueid', one.uniqueid],
    ['CallerIDNum', unknown(req.callerIdNum ?? '')],
    ['CallerIDName', unknown(req.callerIdName ?? '')],
  ];
}

/**
 * A failed originate's OriginateResponse: no channel is left, so it names `channel` (the request's
 * or the Local device) and the Uniqueid asked for, S_OR(channelid, "<unknown>"). Reason is pbx.c's
 * pbx_dial_reason() of the hangup cause.
 */
export function originateFailure(req: OriginateRequest, channel: string, reason: number): Lines {
  return [
    ...(req.actionId ? [['ActionID', req.actionId] as const] : []),
    ['Response', 'Failure'],
    ['Channel', channel],
    ...originateTarget(req),
    ['Reason', String(reason)],
    ['Uniqueid', req.channelId || '<unknown>'],
    ['CallerIDNum', unknown(req.callerIdNum ?? '')],
    ['CallerIDName', unknown(req.callerIdName ?? '')],
  ];
}
