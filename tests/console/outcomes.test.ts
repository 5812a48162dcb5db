/**
 * Matching an asynchronous Originate to its OriginateResponse, on the events real Asterisk 22.10.1
 * sent (captures 05d-1: answered, 05k: failed), and the bounded wait when none comes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventName, get, makeMessage, type AmiMessage } from '../../shared/ami';
import type { CallOutcome } from '../../shared/ipc';
import { parseRawman } from '../../electron/ajam/rawman';
import {
  OriginateWatch,
  nextOriginateId,
  outcomeFromResponse,
  reasonOf,
  type OriginateRequestInfo,
} from '../../electron/console/outcomes';
import { CAPTURE_DIR, parseCapture } from '../wire/capture';

/** The OriginateResponse event of a capture's WaitEvent answer, exactly as Asterisk sent it. */
async function capturedResponse(file: string): Promise<AmiMessage> {
  const capture = parseCapture(file, await readFile(join(CAPTURE_DIR, file)));
  const response = capture.blocks.find((b) => b.kind === 'response');
  if (!response) throw new Error(`${file} has no response`);
  const text = response.bytes.toString('utf8');
  const { messages } = parseRawman(text.slice(text.indexOf('\r\n\r\n') + 4));
  const event = messages.find((m) => eventName(m) === 'OriginateResponse');
  if (!event) throw new Error(`${file} has no OriginateResponse`);
  return event;
}

const dial: OriginateRequestInfo = { control: 'dial', target: '102', endpoint: 'PJSIP/101' };

function response(fields: Record<string, string>): AmiMessage {
  return makeMessage([['Event', 'OriginateResponse'], ...Object.entries(fields)]);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('OriginateResponse as an outcome', () => {
  it("reads Asterisk's success (05d-1) and failure (05k) by their ActionID", async () => {
    const success = await capturedResponse('05d-rawman-waitevent-followup-1.http');
    const failure = await capturedResponse('05k-rawman-waitevent-session-logged-in-events-off.http');
    expect(get(success, 'ActionID')).toBe('orig-1');
    expect(get(failure, 'ActionID')).toBe('orig-3');

    expect(outcomeFromResponse('orig-1', dial, success)).toEqual({
      requestId: 'orig-1',
      control: 'dial',
      target: '102',
      endpoint: 'PJSIP/101',
      ok: true,
      reason: 'answered',
      reasonCode: 4,
      notice: { key: 'outcome.answered', params: { endpoint: 'PJSIP/101' } },
      message: 'PJSIP/101 answered',
    });
    expect(outcomeFromResponse('orig-3', dial, failure)).toMatchObject({
      ok: false,
      reason: 'failed',
      reasonCode: 0,
      message: 'PJSIP/101 could not be called (unavailable, or no such endpoint)',
    });
  });

  it("maps every Reason pbx.c's pbx_dial_reason() produces", () => {
    expect(reasonOf(4, true)).toBe('answered');
    expect(reasonOf(0, false)).toBe('failed');
    expect(reasonOf(1, false)).toBe('hung-up');
    expect(reasonOf(3, false)).toBe('no-answer');
    expect(reasonOf(5, false)).toBe('busy');
    expect(reasonOf(8, false)).toBe('congestion');
    expect(reasonOf(42, false)).toBe('failed');
    expect(reasonOf(undefined, false)).toBe('failed');
    expect(outcomeFromResponse('x', dial, response({ Response: 'Failure', Reason: '5' })).message).toBe(
      'PJSIP/101 is busy',
    );
    expect(outcomeFromResponse('x', dial, response({ Response: 'Failure', Reason: '3' }))).toMatchObject({
      reason: 'no-answer',
      reasonCode: 3,
      message: 'PJSIP/101 did not answer',
    });
    expect(outcomeFromResponse('x', dial, response({ Response: 'Failure' }))).not.toHaveProperty(
      'reasonCode',
    );
  });
});

describe('OriginateWatch', () => {
  it('reports the response carrying its ActionID once, and ignores everything else', () => {
    const watch = new OriginateWatch();
    const heard: CallOutcome[] = [];
    watch.expect('a-1', dial, (o) => heard.push(o));
    watch.expect('a-2', { control: 'listen', target: 'PJSIP/102-00000001', endpoint: 'PJSIP/101' }, (o) =>
      heard.push(o),
    );
    expect(
      watch.feed(
        makeMessage([
          ['Event', 'Newchannel'],
          ['ActionID', 'a-1'],
        ]),
      ),
    ).toBe(false);
    expect(watch.feed(response({ ActionID: 'someone-else', Response: 'Success', Reason: '4' }))).toBe(false);
    expect(watch.feed(response({ Response: 'Success', Reason: '4' }))).toBe(false);
    expect(heard).toEqual([]);

    expect(watch.feed(response({ ActionID: 'a-2', Response: 'Failure', Reason: '5' }))).toBe(true);
    expect(heard).toMatchObject([{ requestId: 'a-2', control: 'listen', reason: 'busy', ok: false }]);
    expect(watch.feed(response({ ActionID: 'a-2', Response: 'Success', Reason: '4' }))).toBe(false);
    expect(watch.size).toBe(1);
    watch.close();
    expect(watch.size).toBe(0);
  });

  it('says so when no response comes within the wait, and not again if one comes late', () => {
    vi.useFakeTimers();
    const watch = new OriginateWatch({ timeoutMs: 60_000 });
    const heard: CallOutcome[] = [];
    watch.expect('a-1', dial, (o) => heard.push(o));
    vi.advanceTimersByTime(59_999);
    expect(heard).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(heard).toEqual([
      {
        requestId: 'a-1',
        control: 'dial',
        target: '102',
        endpoint: 'PJSIP/101',
        ok: false,
        reason: 'no-response',
        waitedSeconds: 60,
        notice: { key: 'outcome.no-response', params: { endpoint: 'PJSIP/101', seconds: 60 } },
        message: 'The PBX has not said how the call to PJSIP/101 went after 60 s',
      },
    ]);
    expect(watch.feed(response({ ActionID: 'a-1', Response: 'Success', Reason: '4' }))).toBe(false);
    expect(heard).toHaveLength(1);
  });

  it('a forgotten or closed request never reports, not even on timeout', () => {
    vi.useFakeTimers();
    const watch = new OriginateWatch({ timeoutMs: 1000 });
    const heard: CallOutcome[] = [];
    watch.expect('a-1', dial, (o) => heard.push(o));
    watch.expect('a-2', dial, (o) => heard.push(o));
    watch.forget('a-1');
    watch.close();
    vi.advanceTimersByTime(5000);
    expect(watch.feed(response({ ActionID: 'a-2', Response: 'Success', Reason: '4' }))).toBe(false);
    expect(heard).toEqual([]);
  });

  it('makes ActionIDs that do not repeat and are not the core’s own', () => {
    const ids = new Set(Array.from({ length: 100 }, () => nextOriginateId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^console-originate-[0-9a-f]{8}-\d+$/);
  });
});
