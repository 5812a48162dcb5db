import { describe, expect, it } from 'vitest';
import { controlAction, defaultRecordingFile, type OperatorContext } from '../../electron/console/controls';
import { toSessionStatus } from '../../electron/console/status';
import type { ConnectionStatus } from '../../electron/ajam/api';
import { notice } from '../../shared/notices';

const operator: OperatorContext = { operatorEndpoint: 'PJSIP/100', dialContext: 'from-internal' };
const noOperator: OperatorContext = { dialContext: 'from-internal' };
const CH = 'PJSIP/101-00000001';

describe('controls as AMI actions', () => {
  it('maps every control to its action and fields', () => {
    expect(controlAction('channels:hangup', { channel: CH }, operator, 0)).toMatchObject({
      action: 'Hangup',
      fields: { Channel: CH },
    });
    expect(controlAction('channels:redirect', { channel: CH, exten: '102' }, operator, 0)).toMatchObject({
      action: 'Redirect',
      fields: { Channel: CH, Context: 'from-internal', Exten: '102', Priority: '1' },
    });
    expect(
      controlAction(
        'channels:redirect',
        { channel: CH, exten: '7', context: 'ivr', priority: 3 },
        operator,
        0,
      ),
    ).toMatchObject({
      action: 'Redirect',
      fields: { Channel: CH, Context: 'ivr', Exten: '7', Priority: '3' },
    });
    expect(controlAction('channels:atxfer', { channel: CH, exten: '103' }, operator, 0)).toMatchObject({
      action: 'Atxfer',
      fields: { Channel: CH, Exten: '103', Context: 'from-internal' },
    });
    expect(
      controlAction('channels:park', { channel: CH, timeoutSeconds: 45, parkinglot: 'default' }, operator, 0),
    ).toMatchObject({
      action: 'Park',
      fields: { Channel: CH, Timeout: '45000', Parkinglot: 'default' },
    });
    expect(controlAction('channels:park', { channel: CH }, operator, 0)).toMatchObject({
      action: 'Park',
      fields: { Channel: CH },
    });
    expect(controlAction('channels:record-start', { channel: CH }, operator, 1754153905000)).toMatchObject({
      action: 'MixMonitor',
      fields: { Channel: CH, File: 'console-PJSIP-101-00000001-1754153905000.wav' },
    });
    expect(controlAction('channels:record-start', { channel: CH, file: 'x.wav' }, operator, 0)).toMatchObject(
      {
        action: 'MixMonitor',
        fields: { Channel: CH, File: 'x.wav' },
      },
    );
    expect(controlAction('channels:record-stop', { channel: CH }, operator, 0)).toMatchObject({
      action: 'StopMixMonitor',
      fields: { Channel: CH },
    });
  });

  it("spies by ringing the operator into ChanSpy with the mode's options", () => {
    const modes = { listen: 'qE', whisper: 'qEw', barge: 'qEB' } as const;
    for (const [mode, options] of Object.entries(modes) as [keyof typeof modes, string][]) {
      expect(controlAction('channels:spy', { channel: CH, mode }, operator, 0)).toMatchObject({
        action: 'Originate',
        fields: { Channel: 'PJSIP/100', Application: 'ChanSpy', Data: `${CH},${options}`, Async: 'true' },
        outcome: { control: mode, target: CH, endpoint: 'PJSIP/100' },
      });
    }
  });

  it('shows the spy call on the operator phone in the operator language (issue 12 item 18)', () => {
    const callerId = (language?: 'en' | 'es', mode: 'listen' | 'whisper' | 'barge' = 'listen') => {
      const action = controlAction(
        'channels:spy',
        { channel: CH, mode, ...(language ? { language } : {}) },
        operator,
        0,
      );
      return 'fields' in action ? action.fields['CallerID'] : undefined;
    };
    expect(callerId()).toBe('"Listen" <spy>');
    expect(callerId('en')).toBe('"Listen" <spy>');
    expect(callerId('es')).toBe('"Escuchar" <spy>');
    expect(callerId('es', 'whisper')).toBe('"Susurrar" <spy>');
    expect(callerId('es', 'barge')).toBe('"Intervenir" <spy>');
  });

  it('tells each control its own success and failure notice (issue 12 item 18)', () => {
    expect(controlAction('channels:redirect', { channel: CH, exten: '102' }, operator, 0)).toMatchObject({
      done: { key: 'control.done.redirect', params: { channel: CH, exten: '102' } },
      failed: { key: 'control.failed.redirect', params: { channel: CH, exten: '102' } },
    });
    expect(controlAction('channels:spy', { channel: CH, mode: 'barge' }, operator, 0)).toMatchObject({
      done: { key: 'control.done.barge' },
      failed: { key: 'control.failed.barge' },
    });
    expect(controlAction('calls:originate', { number: '200' }, operator, 0)).toMatchObject({
      done: { key: 'control.done.dial', params: { number: '200' } },
    });
    const refused = controlAction('calls:originate', { number: '200' }, noOperator, 0);
    expect(refused).toMatchObject({ code: 'no-operator', notice: { key: 'console.no-operator-dial' } });
  });

  it("dials from the operator's phone to the number in the dial context", () => {
    expect(controlAction('calls:originate', { number: '+34600111222' }, operator, 0)).toMatchObject({
      action: 'Originate',
      fields: {
        Channel: 'PJSIP/100',
        Context: 'from-internal',
        Exten: '+34600111222',
        Priority: '1',
        CallerID: '"+34600111222" <+34600111222>',
        Async: 'true',
      },
      // Queued only: how it went is awaited as this request's outcome.
      outcome: { control: 'dial', target: '+34600111222', endpoint: 'PJSIP/100' },
    });
  });

  it('refuses spy and click-to-dial without an operator endpoint, saying what to set', () => {
    for (const result of [
      controlAction('channels:spy', { channel: CH, mode: 'listen' }, noOperator, 0),
      controlAction('calls:originate', { number: '100' }, noOperator, 0),
    ]) {
      expect(result).toMatchObject({ code: 'no-operator' });
      expect((result as { message: string }).message).toMatch(/operator extension/);
    }
  });

  it('makes recording names safe for any channel name', () => {
    expect(defaultRecordingFile('Local/200@from-internal-00000001;1', 5)).toBe(
      'console-Local-200-from-internal-00000001-1-5.wav',
    );
  });
});

describe('connection status for the banner', () => {
  const base: ConnectionStatus = {
    state: 'connected',
    url: 'http://pbx/asterisk',
    user: 'op',
    sessionTimeoutSeconds: 60,
  };

  it('tells back from connected by what came before', () => {
    expect(toSessionStatus(base, 'connecting', {}, 1).state).toBe('connected');
    expect(toSessionStatus(base, 'lost', {}, 1).state).toBe('back');
    expect(toSessionStatus(base, 'back', {}, 1).state).toBe('back');
  });

  it('carries retry seconds and the error only while lost or closed', () => {
    const error = {
      code: 'refused' as const,
      message: 'Nothing accepts connections at http://pbx',
      notice: notice('ajam.refused', { origin: 'http://pbx' }),
    };
    expect(
      toSessionStatus(
        { ...base, state: 'lost', retryInSeconds: 4, error },
        'connected',
        { server: 'Asterisk 22' },
        9,
      ),
    ).toEqual({
      state: 'lost',
      url: 'http://pbx/asterisk',
      user: 'op',
      server: 'Asterisk 22',
      sessionTimeoutSeconds: 60,
      retryInSeconds: 4,
      error,
      since: 9,
    });
    // A re-login attempt while lost keeps the banner on "lost".
    expect(toSessionStatus({ ...base, state: 'connecting' }, 'lost', {}, 1).state).toBe('lost');
    expect(toSessionStatus({ ...base, state: 'idle', error }, 'connecting', {}, 1)).toMatchObject({
      state: 'closed',
      error,
    });
    expect(toSessionStatus({ ...base, retryInSeconds: 4, error }, 'connecting', {}, 1)).not.toHaveProperty(
      'error',
    );
  });
});
