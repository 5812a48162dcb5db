/**
 * Runs call controls and reports each outcome in Asterisk's own words: its `Message:` on success, its
 * error (or main's refusal of a malformed request) on failure. Click-to-dial and listen/whisper/barge
 * are only queued by Asterisk; how they went comes later as a `calls:outcome` event, shown as a
 * short confirmation or, when the operator's phone was busy or did not answer, as an error.
 */
import { SvelteSet } from 'svelte/reactivity';
import type { ActionDone, AjamApi, CallOutcome, IpcResult, SpyMode } from '../../../shared/ipc';
import type { Messages } from '../i18n/en';
import type { I18n } from './i18n.svelte';
import type { Toasts } from './toasts.svelte';

/** The operator-facing words for an outcome, in the language in use. */
export function describeOutcome(t: Messages, outcome: CallOutcome): string {
  const label =
    outcome.control === 'dial'
      ? t.dial
      : outcome.control === 'listen'
        ? t.listen
        : outcome.control === 'whisper'
          ? t.whisper
          : t.barge;
  const { endpoint } = outcome;
  const text = (() => {
    switch (outcome.reason) {
      case 'answered':
        return t.callAnswered(endpoint);
      case 'hung-up':
        return t.callHungUp(endpoint);
      case 'no-answer':
        return t.callNoAnswer(endpoint);
      case 'busy':
        return t.callBusy(endpoint);
      case 'congestion':
        return t.callCongestion(endpoint);
      case 'no-response':
        return t.callNoResponse(endpoint, outcome.waitedSeconds ?? 0);
      case 'failed':
        return t.callFailed(endpoint);
      default:
        // A reason newer than this renderer: main's English words beat silence.
        return outcome.message;
    }
  })();
  return t.callOutcome(label, outcome.target, text);
}

export class Controls {
  /** The latest action in flight ("hangup:<channel>", "originate"). */
  busy = $state<string | null>(null);
  /**
   * What has an action in flight: a channel name, or "originate". One at a time each: a shortcut
   * pressed twice before the first answer must not start a second MixMonitor or park twice, and
   * the keyboard has no disabled button to stop it.
   */
  #pending = new SvelteSet<string>();
  #api: AjamApi;
  #toasts: Toasts;
  #i18n: I18n;

  constructor(api: AjamApi, toasts: Toasts, i18n: I18n) {
    this.#api = api;
    this.#toasts = toasts;
    this.#i18n = i18n;
    api.onCallOutcome((outcome) =>
      this.#toasts.show(outcome.ok ? 'ok' : 'error', describeOutcome(this.#i18n.t, outcome)),
    );
  }

  /** Whether an action on this channel (or "originate") is on its way. */
  isBusy(target: string): boolean {
    return this.#pending.has(target);
  }

  async #run(key: string, label: string, call: () => Promise<IpcResult<ActionDone>>): Promise<boolean> {
    const colon = key.indexOf(':');
    const target = colon < 0 ? key : key.slice(colon + 1);
    if (this.#pending.has(target)) return false;
    this.#pending.add(target);
    this.busy = key;
    try {
      const result = await call();
      const t = this.#i18n.t;
      if (result.ok) {
        this.#toasts.show('ok', result.value.message ? `${label}: ${result.value.message}` : t.done(label));
        return true;
      }
      this.#toasts.show('error', t.asteriskError(label, result.error.message));
      return false;
    } finally {
      this.#pending.delete(target);
      if (this.busy === key) this.busy = null;
    }
  }

  hangup(channel: string): Promise<boolean> {
    return this.#run(`hangup:${channel}`, this.#i18n.t.hangup, () => this.#api.hangup({ channel }));
  }

  redirect(channel: string, exten: string): Promise<boolean> {
    return this.#run(`redirect:${channel}`, this.#i18n.t.transfer, () =>
      this.#api.redirect({ channel, exten: exten.trim() }),
    );
  }

  atxfer(channel: string, exten: string): Promise<boolean> {
    return this.#run(`atxfer:${channel}`, this.#i18n.t.atxfer, () =>
      this.#api.atxfer({ channel, exten: exten.trim() }),
    );
  }

  park(channel: string): Promise<boolean> {
    return this.#run(`park:${channel}`, this.#i18n.t.park, () => this.#api.park({ channel }));
  }

  record(channel: string, start: boolean): Promise<boolean> {
    const t = this.#i18n.t;
    return start
      ? this.#run(`record:${channel}`, t.recordStart, () => this.#api.startRecording({ channel }))
      : this.#run(`record:${channel}`, t.recordStop, () => this.#api.stopRecording({ channel }));
  }

  spy(channel: string, mode: SpyMode): Promise<boolean> {
    const t = this.#i18n.t;
    const label = mode === 'listen' ? t.listen : mode === 'whisper' ? t.whisper : t.barge;
    return this.#run(`spy:${channel}`, label, () => this.#api.spy({ channel, mode }));
  }

  originate(number: string): Promise<boolean> {
    return this.#run('originate', this.#i18n.t.dial, () => this.#api.originate({ number: number.trim() }));
  }
}
