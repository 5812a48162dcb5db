/**
 * Wording a failed Originate from its channel's events. The sequences are what a real Asterisk
 * 22.10.1 sent for an Originate of a PJSIP endpoint whose JsSIP phone declined (486) or did not
 * answer (checked in a network namespace; the demo now sends the same, commit 5ec1dac), plus the
 * captured 05k failure where no answer can be read from the events and Reason decides.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi, afterEach } from 'vitest';
import { eventName, get, makeMessage, type AmiMessage } from '../../shared/ami';
import type { CallOutcome } from '../../shared/ipc';
import { parseRawman } from '../../electron/ajam/rawman';
import {
  causeReason,
  dialStatusReason,
  evidenceChannel,
  failureReason,
  NO_EVIDENCE,
  withEvent,
  type DialEvidence,
} from '../../electron/console/dial-evidence';
import { OriginateWatch, type OriginateRequestInfo } from '../../electron/console/outcomes';
import { CAPTURE_DIR, parseCapture } from '../wire/capture';

const ID = 'console-originate-0badc0de-7';
const dial: OriginateRequestInfo = { control: 'dial', target: '102', endpoint: 'PJSIP/101' };

/** The originated channel's snapshot fields, as chan_pjsip names it (prefix Dest on Dial* events). */
function snapshotOf(prefix = ''): [string, string][] {
  return [
    [`${prefix}Channel`, 'PJSIP/101-00000004'],
    [`${prefix}ChannelState`, '5'],
    [`${prefix}ChannelStateDesc`, 'Ringing'],
    [`${prefix}Context`, 'from-internal'],
    [`${prefix}Exten`, '102'],
    [`${prefix}Uniqueid`, ID],
    [`${prefix}Linkedid`, ID],
  ];
}

const ev = (name: string, fields: [string, string][]): AmiMessage =>
  makeMessage([['Event', name], ...fields]);

const newchannel = ev('Newchannel', snapshotOf());
const dialBegin = ev('DialBegin', [...snapshotOf('Dest'), ['DialString', '101']]);
const hangupRequest = (cause: number): AmiMessage =>
  ev('HangupRequest', [...snapshotOf(), ['Cause', String(cause)]]);
const dialEnd = (status: string): AmiMessage =>
  ev('DialEnd', [...snapshotOf('Dest'), ['DialStatus', status]]);
const hangup = (cause: number, text: string): AmiMessage =>
  ev('Hangup', [...snapshotOf(), ['Cause', String(cause)], ['Cause-txt', text]]);
const response = (reason: number, uniqueid = ID): AmiMessage =>
  ev('OriginateResponse', [
    ['ActionID', ID],
    ['Response', 'Failure'],
    ['Channel', 'PJSIP/101'],
    ['Context', 'from-internal'],
    ['Exten', '102'],
    ['Reason', String(reason)],
    ['Uniqueid', uniqueid],
    ['CallerIDNum', '102'],
    ['CallerIDName', '102'],
  ]);

/** The observed order: HangupRequest 17, DialEnd BUSY, OriginateResponse Failure 0, Hangup 17. */
const declined486 = [
  newchannel,
  dialBegin,
  hangupRequest(17),
  dialEnd('BUSY'),
  response(0),
  hangup(17, 'User busy'),
];
/** No answer: dial.c's ring timeout publishes no DialEnd; Reason 3, then Hangup 19. */
const unanswered = [newchannel, dialBegin, response(3), hangup(19, 'User alerting, no answer')];

function fold(events: readonly AmiMessage[]): DialEvidence {
  return events
    .filter((e) => evidenceChannel(e) === ID)
    .reduce((evidence, e) => withEvent(evidence, e), NO_EVIDENCE);
}

/** Every event through a watch expecting ID; what it reported. */
function watched(events: readonly AmiMessage[], watch = new OriginateWatch()): CallOutcome[] {
  const heard: CallOutcome[] = [];
  watch.expect(ID, dial, (o) => heard.push(o));
  for (const e of events) watch.feed(e);
  return heard;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a failed Originate worded from its channel', () => {
  it("a 486 is busy, though Asterisk's Reason is 0", () => {
    const evidence = fold(declined486);
    expect(evidence).toEqual({
      created: true,
      hungUp: true,
      dialStatus: 'BUSY',
      requestCause: 17,
      hangupCause: 17,
    });
    expect(failureReason(evidence, 0)).toBe('busy');
    expect(watched(declined486)).toMatchObject([
      {
        requestId: ID,
        ok: false,
        reason: 'busy',
        reasonCode: 0,
        dialStatus: 'BUSY',
        hangupCause: 17,
        notice: { key: 'outcome.busy', params: { endpoint: 'PJSIP/101' } },
        message: 'PJSIP/101 is busy',
      },
    ]);
  });

  it('no answer is no answer, from the Reason and from the cause that follows it', () => {
    expect(failureReason(fold(unanswered), 3)).toBe('no-answer');
    expect(watched(unanswered)).toMatchObject([{ reason: 'no-answer', reasonCode: 3, hangupCause: 19 }]);
  });

  it('a 603 is declined: DialEnd says NOANSWER for cause 21, the cause says more', () => {
    const events = [
      newchannel,
      dialBegin,
      hangupRequest(21),
      dialEnd('NOANSWER'),
      response(0),
      hangup(21, 'Call Rejected'),
    ];
    expect(watched(events)).toMatchObject([
      {
        reason: 'declined',
        reasonCode: 0,
        dialStatus: 'NOANSWER',
        hangupCause: 21,
        message: 'PJSIP/101 declined the call',
      },
    ]);
  });

  it('a 503 is congestion, a 404 or an absent subscriber unavailable', () => {
    const congested = [
      newchannel,
      dialBegin,
      hangupRequest(34),
      dialEnd('CONGESTION'),
      response(0),
      hangup(34, 'Circuit/channel congestion'),
    ];
    expect(watched(congested)).toMatchObject([
      { reason: 'congestion', message: 'PJSIP/101 could not be reached (congestion)' },
    ]);
    const unallocated = [
      newchannel,
      dialBegin,
      hangupRequest(1),
      dialEnd('NOANSWER'),
      response(0),
      hangup(1, 'Unallocated (unassigned) number'),
    ];
    expect(watched(unallocated)).toMatchObject([
      { reason: 'unavailable', message: 'PJSIP/101 is unavailable' },
    ]);
    expect(
      failureReason(
        { ...NO_EVIDENCE, created: true, hungUp: true, dialStatus: 'CHANUNAVAIL', hangupCause: 20 },
        0,
      ),
    ).toBe('unavailable');
  });

  it('a cause that tells nothing leaves the word to DialEnd, then to Reason', () => {
    expect(
      failureReason({ ...NO_EVIDENCE, created: true, hungUp: true, hangupCause: 16, dialStatus: 'BUSY' }, 0),
    ).toBe('busy');
    expect(failureReason({ ...NO_EVIDENCE, created: true, hungUp: true, hangupCause: 16 }, 5)).toBe('busy');
    expect(failureReason({ ...NO_EVIDENCE, created: true, hungUp: true, hangupCause: 0 }, 8)).toBe(
      'congestion',
    );
    expect(failureReason(NO_EVIDENCE, 0)).toBe('failed');
    expect(causeReason(16)).toBeUndefined();
    expect(causeReason(0)).toBeUndefined();
    expect(dialStatusReason('ANSWER')).toBeUndefined();
    expect(dialStatusReason('CANCEL')).toBeUndefined();
  });

  it('no channel made (unknown or unregistered endpoint): Reason 0 is all there is, reported at once', () => {
    expect(watched([response(0)])).toMatchObject([{ reason: 'failed', reasonCode: 0 }]);
    expect(watched([response(0)])[0]).not.toHaveProperty('hangupCause');
  });

  it("reads the captured 05k failure: its channel's Hangup says Unknown, so Reason 0 decides", async () => {
    const file = '05k-rawman-waitevent-session-logged-in-events-off.http';
    const capture = parseCapture(file, await readFile(join(CAPTURE_DIR, file)));
    const block = capture.blocks.find((b) => b.kind === 'response');
    if (!block) throw new Error(`${file} has no response`);
    const text = block.bytes.toString('utf8');
    const { messages } = parseRawman(text.slice(text.indexOf('\r\n\r\n') + 4));
    // The capture's Originate had no ChannelId: take the Uniqueid Asterisk gave its ;1 instead.
    const first = messages.find((m) => eventName(m) === 'Newchannel');
    const id = get(first ?? makeMessage([]), 'Uniqueid') ?? '';
    expect(id).toBe('ajamtest-1795663569.4');
    const evidence = messages
      .filter((m) => evidenceChannel(m) === id)
      .reduce((e, m) => withEvent(e, m), NO_EVIDENCE);
    expect(evidence).toEqual({ created: true, hungUp: true, hangupCause: 0 });
    expect(failureReason(evidence, 0)).toBe('failed');
  });

  it("holds a failure until its channel's Hangup, and no longer than the grace when none comes", () => {
    vi.useFakeTimers();
    const watch = new OriginateWatch({ graceMs: 2000 });
    // The response overtook the channel's events: it waits for them.
    const heard = watched([newchannel, dialBegin, response(0)], watch);
    expect(heard).toEqual([]);
    watch.feed(hangupRequest(17));
    watch.feed(dialEnd('BUSY'));
    expect(heard).toEqual([]);
    watch.feed(hangup(17, 'User busy'));
    expect(heard).toMatchObject([{ reason: 'busy' }]);
    expect(watch.size).toBe(0);

    const lost = watched([newchannel, dialBegin, hangupRequest(21), response(0)], watch);
    vi.advanceTimersByTime(1999);
    expect(lost).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(lost).toMatchObject([{ reason: 'declined', hangupCause: 21 }]);
    expect(watch.size).toBe(0);
  });

  it("ignores other channels' events and a second response", () => {
    const other = ev('Hangup', [
      ['Channel', 'PJSIP/101-00000009'],
      ['Uniqueid', 'ajamtest-1.9'],
      ['Cause', '17'],
    ]);
    const heard = watched([newchannel, other, response(0), hangup(16, 'Normal Clearing'), response(5)]);
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ reason: 'failed', hangupCause: 16 });
  });
});
