/**
 * Runs call controls and reports each outcome as a sentence in the operator's language keyed by the
 * control, with Asterisk's own words (`Redirect successful`, `No such channel`) as detail. Click-to-dial and listen/whisper/barge
 * are only queued by Asterisk; how they went comes later as a `calls:outcome` event, shown as a
 * short confirmation or, when the operator's phone was busy or did not answer, as an error.
 */
import { SvelteSet } from 'svelte/reactivity';
import type { ActionDone, AjamApi, CallOutcome, IpcResult, SpyMode } from '../../../shared/ipc';
import type { Messages } from '../i18n/en';
import { noticeLine } from '../lib/notices';
import type { I18n } from './i18n.svelte';
import type { Toasts } from './toasts.svelte';

/** The operator-facing words for an outcome, in the language in use. */
export function describeOutcome(t: Messages, locale: string, outcome: CallOutcome): string {
  const label =
    outcome.control === 'dial'
      ? t.dial
      : outcome.control === 'listen'
        ? t.listen
        : outcome.control === 'whisper'
          ? t.whisper
          : t.barge;
  return t.callOutcome(label, outcome.target, noticeLine(t, locale, outcome.notice, outcome.message));
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

  #onQueued: ((requestId: string) => void) | undefined;

  constructor(
    api: AjamApi,
    toasts: Toasts,
    i18n: I18n,
    hooks: { readonly onQueued?: (requestId: string) => void } = {},
  ) {
    this.#onQueued = hooks.onQueued;
    this.#api = api;
    this.#toasts = toasts;
    this.#i18n = i18n;
    api.onCallOutcome((outcome) =>
      this.#toasts.show(
        outcome.ok ? 'ok' : 'error',
        describeOutcome(this.#i18n.t, this.#i18n.locale, outcome),
      ),
    );
  }

  /** Whether an action on this channel (or "originate") is on its way. */
  isBusy(target: string): boolean {
    return this.#pending.has(target);
  }

  /** Runs a control and toasts its result: a sentence keyed by the control, Asterisk's words as detail. */
  async #run(key: string, call: () => Promise<IpcResult<ActionDone>>): Promise<boolean> {
    const colon = key.indexOf(':');
    const target = colon < 0 ? key : key.slice(colon + 1);
    if (this.#pending.has(target)) return false;
    this.#pending.add(target);
    this.busy = key;
    try {
      const result = await call();
      if (result.ok) {
        // A queued Originate rings the operator's phone: the softphone answers the one named by its id.
        if (result.value.requestId !== undefined) this.#onQueued?.(result.value.requestId);
        this.#toasts.show('ok', this.#i18n.notice(result.value.notice, result.value.message));
        return true;
      }
      this.#toasts.show('error', this.#i18n.notice(result.error.notice, result.error.message));
      return false;
    } finally {
      this.#pending.delete(target);
      if (this.busy === key) this.busy = null;
    }
  }

  hangup(channel: string): Promise<boolean> {
    return this.#run(`hangup:${channel}`, () => this.#api.hangup({ channel }));
  }

  redirect(channel: string, exten: string): Promise<boolean> {
    return this.#run(`redirect:${channel}`, () => this.#api.redirect({ channel, exten: exten.trim() }));
  }

  atxfer(channel: string, exten: string): Promise<boolean> {
    return this.#run(`atxfer:${channel}`, () => this.#api.atxfer({ channel, exten: exten.trim() }));
  }

  park(channel: string): Promise<boolean> {
    return this.#run(`park:${channel}`, () => this.#api.park({ channel }));
  }

  record(channel: string, start: boolean): Promise<boolean> {
    return start
      ? this.#run(`record:${channel}`, () => this.#api.startRecording({ channel }))
      : this.#run(`record:${channel}`, () => this.#api.stopRecording({ channel }));
  }

  spy(channel: string, mode: SpyMode): Promise<boolean> {
    // The caller ID the operator's phone shows for the spy call follows the language in use.
    const language = this.#i18n.lang;
    return this.#run(`spy:${channel}`, () => this.#api.spy({ channel, mode, language }));
  }

  originate(number: string): Promise<boolean> {
    return this.#run('originate', () => this.#api.originate({ number: number.trim() }));
  }
}
