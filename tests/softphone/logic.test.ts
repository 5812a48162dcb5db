/**
 * The softphone's pure decisions: the call state machine, why a registration failed, which calls
 * answer by themselves, dialled numbers, levels and the timer, and the profile editor's fields.
 */
import { describe, expect, it } from 'vitest';
import {
  alertTone,
  AutoAnswerBook,
  callerOf,
  callTimer,
  canPlaceCall,
  dialTarget,
  levelOf,
  nextPhase,
  probeUrlFor,
  registrationProblem,
  socketProblem,
  type CallEvent,
  type CallPhase,
} from '../../renderer/src/softphone/logic';
import { parseIceServers, softphoneDraftOf, toSoftphoneProfile } from '../../renderer/src/softphone/profile';

function run(start: CallPhase, events: CallEvent[]): CallPhase[] {
  const out: CallPhase[] = [];
  let phase = start;
  for (const event of events) out.push((phase = nextPhase(phase, event)));
  return out;
}

describe('the call state machine', () => {
  it('walks an outgoing call through ringing, answer, hold and hang-up', () => {
    expect(
      run('dialing', ['progress', 'progress', 'accepted', 'confirmed', 'hold', 'unhold', 'ended']),
    ).toEqual(['ringing', 'ringing', 'connecting', 'active', 'held', 'active', 'ended']);
  });

  it('walks an incoming call from ringing to answered, or to declined', () => {
    expect(run('incoming', ['answer', 'confirmed', 'ended'])).toEqual(['connecting', 'active', 'ended']);
    expect(run('incoming', ['failed'])).toEqual(['ended']);
  });

  it('ignores what means nothing in a phase: hold while ringing, a late 180, anything once ended', () => {
    expect(nextPhase('ringing', 'hold')).toBe('ringing');
    expect(nextPhase('incoming', 'unhold')).toBe('incoming');
    expect(nextPhase('active', 'progress')).toBe('active');
    expect(nextPhase('held', 'accepted')).toBe('held');
    for (const event of ['progress', 'answer', 'confirmed', 'hold', 'unhold', 'ended'] as const) {
      expect(nextPhase('ended', event)).toBe('ended');
    }
  });

  it('lets a second call start only while the others are held (or only ringing in)', () => {
    expect(canPlaceCall([])).toBe(true);
    expect(canPlaceCall(['held'])).toBe(true);
    expect(canPlaceCall(['held', 'incoming', 'ended'])).toBe(true);
    expect(canPlaceCall(['active'])).toBe(false);
    expect(canPlaceCall(['held', 'dialing'])).toBe(false);
    expect(canPlaceCall(['connecting'])).toBe(false);
  });
});

describe('the tone a ringing call plays', () => {
  it('rings alone, beeps (call waiting) while another call is dialled, talking or held, and is silent otherwise', () => {
    expect(alertTone([])).toBeUndefined();
    expect(alertTone(['active', 'held'])).toBeUndefined();
    expect(alertTone(['incoming'])).toBe('ring');
    expect(alertTone(['incoming', 'ended'])).toBe('ring');
    expect(alertTone(['active', 'incoming'])).toBe('waiting');
    expect(alertTone(['held', 'incoming'])).toBe('waiting');
    expect(alertTone(['dialing', 'incoming'])).toBe('waiting');
    // Two calling at once with nobody on the line: still the ringtone.
    expect(alertTone(['incoming', 'incoming'])).toBe('ring');
  });
});

describe('registration problems', () => {
  it('tells a refused password from a missing WebSocket, a timeout and other refusals', () => {
    expect(registrationProblem('SIP Failure Code', 401)).toBe('auth');
    expect(registrationProblem('Rejected', 403)).toBe('auth');
    expect(registrationProblem('Authentication Error', undefined)).toBe('auth');
    expect(registrationProblem('Connection Error', undefined)).toBe('no-websocket');
    expect(registrationProblem('Request Timeout', 408)).toBe('timeout');
    expect(registrationProblem('Not Found', 404)).toBe('refused');
  });

  it('blames TLS only when a wss server answered with a certificate the system does not trust', () => {
    const wss = 'wss://pbx.example.com:8089/asterisk/ws';
    expect(socketProblem(wss, { reachable: true, trustedBySystem: false })).toBe('tls');
    expect(socketProblem(wss, { reachable: true, trustedBySystem: true })).toBe('no-websocket');
    expect(socketProblem(wss, { reachable: false, trustedBySystem: false })).toBe('no-websocket');
    expect(
      socketProblem('ws://127.0.0.1:8088/asterisk/ws', { reachable: true, trustedBySystem: false }),
    ).toBe('no-websocket');
    expect(probeUrlFor(wss)).toBe('https://pbx.example.com:8089/');
    expect(probeUrlFor('ws://pbx/ws')).toBeUndefined();
  });
});

describe('auto-answer', () => {
  it('answers once a call naming an Originate this window queued, and rings any other', () => {
    const book = new AutoAnswerBook(60_000);
    book.expect('console-originate-1a2b3c4d-1', 1000);
    expect(book.claim(undefined, 1100)).toBe('ring');
    expect(book.claim('someone-else', 1100)).toBe('ring');
    expect(book.claim('console-originate-1a2b3c4d-1', 1200)).toBe('answer');
    // Used up: a second INVITE naming it rings.
    expect(book.claim('console-originate-1a2b3c4d-1', 1300)).toBe('wait');
  });

  it('waits for an Originate whose response has not reached the window yet, and forgets old ones', () => {
    const book = new AutoAnswerBook(60_000);
    expect(book.claim('console-originate-1a2b3c4d-9', 0)).toBe('wait');
    book.expect('console-originate-1a2b3c4d-9', 10);
    expect(book.claim('console-originate-1a2b3c4d-9', 20)).toBe('answer');
    book.expect('console-originate-1a2b3c4d-10', 0);
    expect(book.claim('console-originate-1a2b3c4d-10', 60_001)).toBe('wait');
  });
});

describe('numbers, callers, levels, the timer', () => {
  it('keeps what a SIP user part may hold and drops a pasted number’s punctuation', () => {
    expect(dialTarget(' 600 ')).toBe('600');
    expect(dialTarget('+34 (91) 555-12.34')).toBe('+34915551234');
    expect(dialTarget('*98#')).toBe('*98#');
    expect(dialTarget('reception')).toBe('reception');
    expect(dialTarget('')).toBeUndefined();
    expect(dialTarget('sip:600@evil')).toBeUndefined();
    expect(dialTarget('6;00')).toBeUndefined();
  });

  it('shows a caller’s name only when it says more than the number', () => {
    expect(callerOf('Reception', '102')).toEqual({ name: 'Reception', number: '102' });
    expect(callerOf('102', '102')).toEqual({ name: '', number: '102' });
    expect(callerOf(undefined, '102')).toEqual({ name: '', number: '102' });
  });

  it('measures silence as 0, full scale as 100, speech in between', () => {
    expect(levelOf(new Uint8Array(256).fill(128))).toBe(0);
    expect(levelOf(Uint8Array.from({ length: 256 }, (_, i) => (i % 2 ? 255 : 1)))).toBe(100);
    const quiet = levelOf(Uint8Array.from({ length: 256 }, (_, i) => 128 + Math.round(8 * Math.sin(i / 4))));
    expect(quiet).toBeGreaterThan(20);
    expect(quiet).toBeLessThan(80);
    expect(levelOf([])).toBe(0);
  });

  it('counts mm:ss, then h:mm:ss', () => {
    expect(callTimer(0)).toBe('00:00');
    expect(callTimer(65_400)).toBe('01:05');
    expect(callTimer(3_726_000)).toBe('1:02:06');
    expect(callTimer(-5)).toBe('00:00');
  });
});

describe('the profile editor’s softphone fields', () => {
  it('become the contract’s section, or none without a SIP user', () => {
    expect(toSoftphoneProfile({ user: ' ', url: 'wss://x/ws', ice: '' })).toBeUndefined();
    expect(
      toSoftphoneProfile({
        user: '101',
        url: '',
        ice: 'stun:stun.example.com:3478\n\n turn:turn.example.com:3478 alice s3cret ',
      }),
    ).toEqual({
      user: '101',
      iceServers: [
        { urls: 'stun:stun.example.com:3478' },
        { urls: 'turn:turn.example.com:3478', username: 'alice', credential: 's3cret' },
      ],
    });
    const round = softphoneDraftOf({
      user: '101',
      wsUrl: 'wss://pbx/ws',
      iceServers: parseIceServers('turn:t:3478 u p'),
    });
    expect(round).toEqual({ user: '101', url: 'wss://pbx/ws', ice: 'turn:t:3478 u p' });
  });
});
