/** The softphone's states in the operator's language (the store keeps codes, never sentences). */
import type { Messages } from '../i18n/en';
import type { CallPhase, RegistrationProblem } from './logic';
import type { PhoneMessage, RegistrationState } from './phone.svelte';

export function phaseText(t: Messages, phase: CallPhase): string {
  switch (phase) {
    case 'dialing':
      return t.phonePhaseDialing;
    case 'ringing':
      return t.phonePhaseRinging;
    case 'incoming':
      return t.phonePhaseIncoming;
    case 'connecting':
      return t.phonePhaseConnecting;
    case 'active':
      return t.phonePhaseActive;
    case 'held':
      return t.phonePhaseHeld;
    case 'ended':
      return '';
  }
}

export function stateText(t: Messages, state: RegistrationState, user: string): string {
  switch (state) {
    case 'off':
      return t.phoneStateOff;
    case 'unconfigured':
      return t.phoneStateUnconfigured;
    case 'registering':
      return t.phoneStateRegistering;
    case 'registered':
      return t.phoneStateRegistered(user);
    case 'failed':
      return t.phoneStateFailed;
    case 'unregistered':
      return t.phoneStateUnregistered;
  }
}

/** Why registering failed; undefined for `no-account`, whose words are main's notice. */
export function problemText(t: Messages, problem: RegistrationProblem, url: string): string | undefined {
  switch (problem) {
    case 'auth':
      return t.phoneProblemAuth;
    case 'no-websocket':
      return t.phoneProblemNoWebsocket(url);
    case 'tls':
      return t.phoneProblemTls(url);
    case 'timeout':
      return t.phoneProblemTimeout;
    case 'refused':
      return t.phoneProblemRefused;
    case 'no-account':
      return undefined;
  }
}

/** A toast's text and the SIP words behind it (shown apart, verbatim). */
export function messageText(t: Messages, message: PhoneMessage): { text: string; detail?: string } {
  switch (message.kind) {
    case 'call-failed':
      return {
        text: t.phoneCallFailed(message.number),
        detail: message.status ? `${message.status} ${message.cause}` : message.cause,
      };
    case 'transfer-failed':
      return { text: t.phoneTransferFailed(message.number), detail: message.cause };
    case 'transferred':
      return { text: t.phoneTransferred(message.number) };
    case 'no-microphone':
      return { text: t.phoneNoMicrophone, detail: message.detail };
    case 'incoming':
      return {
        text: t.phoneIncomingFrom(message.name ? `${message.name} <${message.number}>` : message.number),
      };
  }
}

export function deviceLabel(t: Messages, device: MediaDeviceInfo, index: number): string {
  return device.label || t.phoneDeviceUnnamed(index + 1);
}
