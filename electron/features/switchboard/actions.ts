/**
 * The switchboard's controls as AMI actions. Pure: payloads arrive checked by the contract's
 * schemas (no control characters, no commas in channel names); what the board knows (a channel's
 * bridge peer, what rings at an extension) is passed in, so the mapping is tested without a PBX.
 *
 * What counts as done is Asterisk's report, never the action's reply: a blind transfer by its
 * BlindTransfer event, an attended one by AttendedTransfer, a park by ParkedCall, a call, pickup
 * or unpark by the OriginateResponse of the operator's phone (see ./watch).
 */
import type { RequestPayload } from '../../../shared/ipc';
import { notice, type Notice } from '../../../shared/notices';
import type { SwitchboardControl } from '../../../shared/switchboard';
import type { OriginateRequestInfo } from '../../console/outcomes';

export interface AmiStep {
  readonly action: string;
  readonly fields: Readonly<Record<string, string>>;
  /**
   * Asterisk's words for "nothing to do" that still mean the step's goal holds: deleting an
   * AstDB key that is already gone (24d `Database entry could not be deleted`).
   */
  readonly alreadyDone?: RegExp;
}

/** What to watch the event stream for to know the control is done. */
export type Confirmation =
  | {
      readonly kind: 'blind';
      /** The party that moves (the transferee) and the one that hands it over (the transferer). */
      readonly transferee: string;
      readonly transferer: string;
    }
  | { readonly kind: 'redirect'; readonly channel: string; readonly uniqueid: string; readonly exten: string }
  | { readonly kind: 'attended'; readonly transferee: string; readonly transferer: string }
  | { readonly kind: 'park'; readonly channel: string }
  /** After the operator's phone answered: the Pickup event naming the ringing channel as target. */
  | { readonly kind: 'pickup'; readonly target: string }
  /** After the operator's phone answered: UnParkedCall of that space. */
  | { readonly kind: 'unpark'; readonly lot: string; readonly space: string };

export interface SwitchboardPlan {
  readonly control: SwitchboardControl | 'dnd' | 'forward';
  /** What is acted on (a channel, an extension, `lot/space`). */
  readonly target: string;
  readonly steps: readonly AmiStep[];
  readonly done: Notice;
  readonly failed: Notice;
  /** The last step is an asynchronous Originate: its OriginateResponse says how it went. */
  readonly originate?: OriginateRequestInfo;
  readonly confirm?: Confirmation;
}

/** A refusal before anything is sent. */
export interface Refusal {
  readonly refused: Notice;
  readonly code: 'no-operator' | 'invalid-request';
}

export function isRefusal(value: SwitchboardPlan | Refusal): value is Refusal {
  return 'refused' in value;
}

export interface SwitchboardContext {
  readonly operatorEndpoint?: string;
  readonly dialContext: string;
}

/** What the live board says about a channel: the other party of its two-party call. */
export interface ChannelFacts {
  readonly uniqueid?: string;
  /** The bridge peer's channel name, when the channel is in a two-party bridge. */
  readonly peer?: string;
}

/** Caller ID the operator's phone shows for a call the console rings it for. */
function operatorCallerId(label: string, number: string): string {
  return `"${label}" <${number}>`;
}

function noOperator(): Refusal {
  return { refused: notice('console.no-operator-dial'), code: 'no-operator' };
}

export function callPlan(
  request: RequestPayload<'switchboard:call'>,
  context: SwitchboardContext,
): SwitchboardPlan | Refusal {
  const endpoint = context.operatorEndpoint;
  if (!endpoint) return noOperator();
  const { exten } = request;
  return {
    control: 'call',
    target: exten,
    steps: [
      {
        action: 'Originate',
        fields: {
          Channel: endpoint,
          Context: request.context ?? context.dialContext,
          Exten: exten,
          Priority: '1',
          CallerID: operatorCallerId(exten, exten),
          Async: 'true',
        },
      },
    ],
    originate: { control: 'dial', target: exten, endpoint },
    done: notice('switchboard.queued.call', { exten }),
    failed: notice('switchboard.failed.call', { exten }),
  };
}

/**
 * `channel` is the party that moves to `exten` (the caller the operator dragged). Bridged to one
 * peer, the peer hands it over: BlindTransfer on the peer (capture 27e: the transferer's bridge
 * peer goes to the target, the transferer hangs up), Atxfer on the peer (27f: the peer consults
 * the target and completes by hanging up). Not bridged (ringing, in a queue or IVR), a blind
 * transfer redirects the channel itself.
 */
export function transferPlan(
  request: RequestPayload<'switchboard:transfer'>,
  facts: ChannelFacts,
  context: SwitchboardContext,
): SwitchboardPlan | Refusal {
  const { channel, exten } = request;
  const dialContext = request.context ?? context.dialContext;
  if (request.mode === 'attended') {
    if (!facts.peer) {
      return { refused: notice('switchboard.not-bridged', { channel }), code: 'invalid-request' };
    }
    return {
      control: 'atxfer',
      target: channel,
      steps: [{ action: 'Atxfer', fields: { Channel: facts.peer, Exten: exten, Context: dialContext } }],
      confirm: { kind: 'attended', transferee: channel, transferer: facts.peer },
      done: notice('switchboard.queued.atxfer', { channel, exten }),
      failed: notice('switchboard.failed.atxfer', { channel, exten }),
    };
  }
  const done = notice('switchboard.queued.transfer', { channel, exten });
  const failed = notice('switchboard.failed.transfer', { channel, exten });
  if (facts.peer) {
    return {
      control: 'transfer',
      target: channel,
      steps: [
        { action: 'BlindTransfer', fields: { Channel: facts.peer, Exten: exten, Context: dialContext } },
      ],
      confirm: { kind: 'blind', transferee: channel, transferer: facts.peer },
      done,
      failed,
    };
  }
  return {
    control: 'transfer',
    target: channel,
    steps: [
      {
        action: 'Redirect',
        fields: { Channel: channel, Exten: exten, Context: dialContext, Priority: '1' },
      },
    ],
    confirm: { kind: 'redirect', channel, uniqueid: facts.uniqueid ?? '', exten },
    done,
    failed,
  };
}

/**
 * Rings the operator's phone and, when it answers, takes the call ringing at the extension
 * (PickupChan matches a channel name prefix: the full name of the ringing channel is exact).
 */
export function pickupPlan(
  request: RequestPayload<'switchboard:pickup'>,
  ringingChannel: string | undefined,
  context: SwitchboardContext,
): SwitchboardPlan | Refusal {
  const endpoint = context.operatorEndpoint;
  if (!endpoint) return noOperator();
  const { exten } = request;
  if (!ringingChannel)
    return { refused: notice('switchboard.not-ringing', { exten }), code: 'invalid-request' };
  return {
    control: 'pickup',
    target: exten,
    steps: [
      {
        action: 'Originate',
        fields: {
          Channel: endpoint,
          Application: 'PickupChan',
          Data: ringingChannel,
          CallerID: operatorCallerId(exten, exten),
          Async: 'true',
        },
      },
    ],
    originate: { control: 'dial', target: exten, endpoint },
    confirm: { kind: 'pickup', target: ringingChannel },
    done: notice('switchboard.queued.pickup', { exten }),
    failed: notice('switchboard.failed.pickup', { exten }),
  };
}

/**
 * Park. A channel in a two-party call names its peer as TimeoutChannel, which Asterisk treats as
 * the parker (capture 23f: the peer hangs up, the call comes back to it on timeout) — as an
 * operator's park button does. NEVER an AnnounceChannel: a missing one crashes Asterisk 22.10.1
 * (capture 23j), and `assertSafe` refuses it whatever builds the action.
 */
export function parkPlan(request: RequestPayload<'switchboard:park'>, facts: ChannelFacts): SwitchboardPlan {
  const { channel } = request;
  return {
    control: 'park',
    target: channel,
    steps: [
      {
        action: 'Park',
        fields: {
          Channel: channel,
          ...(facts.peer ? { TimeoutChannel: facts.peer } : {}),
          ...(request.lot === undefined ? {} : { Parkinglot: request.lot }),
          // Park's Timeout is in milliseconds (capture 23h).
          ...(request.timeout === undefined ? {} : { Timeout: String(request.timeout * 1000) }),
        },
      },
    ],
    confirm: { kind: 'park', channel },
    done: notice('switchboard.queued.park', { channel }),
    failed: notice('switchboard.failed.park', { channel }),
  };
}

/**
 * Rings the operator's phone and, when it answers, takes the parked call: by dialling the space in
 * the context that retrieves it (`park:<space>@<context>`, as capture 23e dials 701@parkedcalls),
 * or, when that context is not known, with `ParkedCall(<lot>,<space>)` itself.
 */
export function unparkPlan(
  request: RequestPayload<'switchboard:unpark'>,
  context: SwitchboardContext,
  parkContext?: string,
): SwitchboardPlan | Refusal {
  const endpoint = context.operatorEndpoint;
  if (!endpoint) return noOperator();
  const { lot, space } = request;
  const target: Readonly<Record<string, string>> = parkContext
    ? { Context: parkContext, Exten: space, Priority: '1' }
    : { Application: 'ParkedCall', Data: `${lot},${space}` };
  return {
    control: 'unpark',
    target: `${lot}/${space}`,
    steps: [
      {
        action: 'Originate',
        fields: { Channel: endpoint, ...target, CallerID: operatorCallerId(space, space), Async: 'true' },
      },
    ],
    originate: { control: 'dial', target: space, endpoint },
    confirm: { kind: 'unpark', lot, space },
    done: notice('switchboard.queued.unpark', { lot, space }),
    failed: notice('switchboard.failed.unpark', { lot, space }),
  };
}

/** AstDB's "nothing to delete" (24d): the key is already gone, which is what was wanted. */
const ALREADY_DELETED = /could not be deleted|not found/i;

/**
 * FreePBX's DND: AstDB `DND/<exten>` = YES and the lamp `DEVICE_STATE(Custom:DND<exten>)` = BUSY
 * (24a, 24c); off: the key deleted and the lamp NOT_INUSE (24d).
 */
export function dndPlan(request: RequestPayload<'switchboard:dnd'>): SwitchboardPlan {
  const { exten, on } = request;
  const lamp = { Variable: `DEVICE_STATE(Custom:DND${exten})` };
  return {
    control: 'dnd',
    target: exten,
    steps: on
      ? [
          { action: 'DBPut', fields: { Family: 'DND', Key: exten, Val: 'YES' } },
          { action: 'Setvar', fields: { ...lamp, Value: 'BUSY' } },
        ]
      : [
          { action: 'DBDel', fields: { Family: 'DND', Key: exten }, alreadyDone: ALREADY_DELETED },
          { action: 'Setvar', fields: { ...lamp, Value: 'NOT_INUSE' } },
        ],
    done: notice(on ? 'switchboard.done.dnd-on' : 'switchboard.done.dnd-off', { exten }),
    failed: notice('switchboard.failed.dnd', { exten }),
  };
}

/** AstDB `CF/<exten>` = number (24a); off: that one key deleted (never DBDelTree: it empties every forward). */
export function forwardPlan(request: RequestPayload<'switchboard:forward'>): SwitchboardPlan {
  const { exten, number } = request;
  return {
    control: 'forward',
    target: exten,
    steps:
      number === null
        ? [{ action: 'DBDel', fields: { Family: 'CF', Key: exten }, alreadyDone: ALREADY_DELETED }]
        : [{ action: 'DBPut', fields: { Family: 'CF', Key: exten, Val: number } }],
    done:
      number === null
        ? notice('switchboard.done.forward-off', { exten })
        : notice('switchboard.done.forward', { exten, number }),
    failed: notice('switchboard.failed.forward', { exten }),
  };
}

/**
 * The last guard before a step leaves: shapes known to harm the PBX are refused, whoever built
 * them. Park with an AnnounceChannel crashed Asterisk 22.10.1 (capture 23j: SIGSEGV when the
 * channel does not exist, and it may stop existing between our check and Asterisk's).
 */
export function assertSafe(step: AmiStep): void {
  if (step.action.toLowerCase() !== 'park') return;
  for (const key of Object.keys(step.fields)) {
    if (key.toLowerCase() === 'announcechannel') {
      throw new Error('Park with AnnounceChannel is never sent: it crashes Asterisk 22.10.1 (capture 23j)');
    }
  }
}
