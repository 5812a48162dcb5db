/**
 * Shows what the notification rules decide, as native notifications. Keeps a reference to each shown
 * notification (on Windows an unreferenced one is garbage-collected and its click is lost) so it can be
 * replaced by key, closed when the rules dismiss it, and routed back on click.
 */
import type { NotificationConstructorOptions } from 'electron';
import { notificationText } from '../notify/markup';
import type {
  NotificationClick,
  NotificationDescriptor,
  NotificationRules,
  NotifyConfig,
  NotifyInput,
} from '../notify/rules';

export interface NativeNotification {
  show(): void;
  close(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
}

export interface NotifierDeps {
  readonly rules: NotificationRules;
  readonly config: () => NotifyConfig;
  readonly create: (options: NotificationConstructorOptions) => NativeNotification;
  readonly supported: () => boolean;
  readonly onClick: (click: NotificationClick) => void;
  readonly now?: () => number;
  readonly setTimer?: (run: () => void, ms: number) => unknown;
  readonly clearTimer?: (timer: unknown) => void;
  readonly icon?: string;
  /** Where the notification shows (libnotify on Linux reads markup); process.platform by default. */
  readonly platform?: NodeJS.Platform;
}

export class Notifier {
  readonly #shown = new Map<string, NativeNotification>();
  #timer: unknown;
  #timerAt: number | undefined;

  constructor(private readonly deps: NotifierDeps) {}

  feed(input: NotifyInput): void {
    const now = (this.deps.now ?? Date.now)();
    const out = this.deps.rules.step(input, this.deps.config(), now);
    for (const key of out.dismiss) this.#close(key);
    if (this.deps.supported()) for (const descriptor of out.show) this.#show(descriptor);
    if (out.wakeAt !== undefined && out.wakeAt !== this.#timerAt) this.#schedule(out.wakeAt, now);
  }

  #schedule(at: number, now: number): void {
    const setTimer = this.deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
    const clearTimer = this.deps.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout));
    if (this.#timer !== undefined) clearTimer(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimer(
      () => {
        this.#timer = undefined;
        this.#timerAt = undefined;
        this.feed({ kind: 'tick' });
      },
      Math.max(0, at - now),
    );
  }

  #show(descriptor: NotificationDescriptor): void {
    this.#close(descriptor.key);
    const platform = this.deps.platform ?? process.platform;
    const notification = this.deps.create({
      title: notificationText(descriptor.title, platform),
      body: notificationText(descriptor.body, platform),
      urgency: descriptor.urgency,
      silent: descriptor.urgency === 'low',
      ...(this.deps.icon !== undefined ? { icon: this.deps.icon } : {}),
    });
    notification.on('click', () => this.deps.onClick(descriptor.click));
    notification.on('close', () => {
      if (this.#shown.get(descriptor.key) === notification) this.#shown.delete(descriptor.key);
    });
    this.#shown.set(descriptor.key, notification);
    notification.show();
  }

  #close(key: string): void {
    const previous = this.#shown.get(key);
    if (!previous) return;
    this.#shown.delete(key);
    previous.close();
  }

  dispose(): void {
    if (this.#timer !== undefined)
      (this.deps.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout)))(this.#timer);
    for (const key of [...this.#shown.keys()]) this.#close(key);
  }
}
