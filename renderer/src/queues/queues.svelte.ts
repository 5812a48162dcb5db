/**
 * Queues and conference rooms as main sends them (a snapshot, then patches of what changed), the operator's own
 * choices (recent pause reasons, alert thresholds per queue and profile), and the controls. A
 * control's toast words main's notice, Asterisk's own answer as its detail.
 */
import type { ConferenceRoom } from '../../../shared/conferences';
import type { ActionDone, AjamApi, IpcResult } from '../../../shared/ipc';
import type { DiscoveredRoomExtension, RoomsPatch, RoomsSnapshot } from '../../../shared/queues-contract';
import type { I18n } from '../stores/i18n.svelte';
import type { Toasts } from '../stores/toasts.svelte';
import type { KeyValueStorage } from '../switchboard/layout';
import { alertsDue, type QueueAlert, type QueueAlertRule } from './alerts';
import { LiveQueue } from './live.svelte';

const RECENT_KEY = 'ajam.queues.recentReasons';
const RULES_KEY = 'ajam.queues.alerts';
const MAX_RECENT = 6;

export class Queues {
  /** Changes only when a queue appears or goes; each queue's contents are its own cells. */
  queues = $state.raw<readonly LiveQueue[]>([]);
  rooms = $state.raw<readonly ConferenceRoom[]>([]);
  /** Each room's extension as main found it in the dialplan (empty when it could not be read). */
  discovered = $state.raw<Readonly<Record<string, DiscoveredRoomExtension>>>({});
  loaded = $state(false);
  recentReasons = $state.raw<readonly string[]>([]);
  /** Alert rules of the current profile, by queue. */
  rules = $state.raw<Readonly<Record<string, QueueAlertRule>>>({});

  #api: AjamApi;
  #toasts: Toasts;
  #i18n: I18n;
  #storage: KeyValueStorage | undefined;
  #profile = '';
  /** Alerts already shown (so one crossing is told once); never shown, so not reactive. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #told = new Set<string>();
  #notify: (alert: QueueAlert) => void;

  constructor(
    api: AjamApi,
    toasts: Toasts,
    i18n: I18n,
    storage: KeyValueStorage | undefined,
    notify?: (alert: QueueAlert) => void,
  ) {
    this.#api = api;
    this.#toasts = toasts;
    this.#i18n = i18n;
    this.#storage = storage;
    this.#notify = notify ?? ((a) => toasts.show('info', this.#i18n.t.queueAlert(a.queue, a.kind, a.value)));
    this.recentReasons = readJson<string[]>(storage, RECENT_KEY, []);
    api.onQueuesSnapshot((s) => this.#take(s));
    api.onQueuesPatch((p) => this.#patch(p));
  }

  useProfile(profile: string): void {
    if (profile === this.#profile) return;
    this.#profile = profile;
    this.rules = readJson<Record<string, QueueAlertRule>>(this.#storage, `${RULES_KEY}.${profile}`, {});
  }

  setRule(queue: string, rule: QueueAlertRule | null): void {
    const next = { ...this.rules };
    if (rule) next[queue] = rule;
    else delete next[queue];
    this.rules = next;
    writeJson(this.#storage, `${RULES_KEY}.${this.#profile}`, next);
  }

  async subscribe(): Promise<void> {
    const result = await this.#api.subscribeQueues();
    this.loaded = true;
    if (result.ok) this.#take(result.value);
  }

  clear(): void {
    void this.#api.unsubscribeQueues();
    this.queues = [];
    this.rooms = [];
    this.discovered = {};
    this.loaded = false;
    this.#told.clear();
  }

  /** Checks the alert rules at `now` (the panel calls it on each clock tick). */
  checkAlerts(now: number): void {
    for (const alert of alertsDue(this.queues, this.rules, now)) {
      const key = `${alert.queue}|${alert.kind}`;
      if (this.#told.has(key)) continue;
      this.#told.add(key);
      this.#notify(alert);
    }
    // A queue back under its thresholds may alert again later.
    const due = alertsDue(this.queues, this.rules, now).map((a) => `${a.queue}|${a.kind}`);
    for (const key of [...this.#told]) if (!due.includes(key)) this.#told.delete(key);
  }

  pause(iface: string, queue: string | undefined, reason: string): Promise<boolean> {
    const r = reason.trim();
    if (r) this.#remember(r);
    return this.#run(
      this.#api.pauseMember({
        interface: iface,
        paused: true,
        ...(queue ? { queue } : {}),
        ...(r ? { reason: r } : {}),
      }),
    );
  }

  unpause(iface: string, queue?: string): Promise<boolean> {
    return this.#run(this.#api.pauseMember({ interface: iface, paused: false, ...(queue ? { queue } : {}) }));
  }

  /** An extension dropped on a queue: a member like the queue's others (FreePBX-style or PJSIP). */
  addExtension(queue: string, exten: string, name: string): Promise<boolean> {
    const q = this.queues.find((x) => x.queue === queue);
    const freepbx = q?.members.some((m) => /@from-queue/i.test(m.interface)) ?? false;
    return this.#run(
      this.#api.addMember({
        queue,
        interface: freepbx ? `Local/${exten}@from-queue/n` : `PJSIP/${exten}`,
        stateInterface: freepbx ? `hint:${exten}@ext-local` : `PJSIP/${exten}`,
        ...(name ? { name } : {}),
      }),
    );
  }

  remove(queue: string, iface: string): Promise<boolean> {
    return this.#run(this.#api.removeMember({ queue, interface: iface }));
  }

  penalty(queue: string, iface: string, penalty: number): Promise<boolean> {
    return this.#run(this.#api.setPenalty({ queue, interface: iface, penalty }));
  }

  mute(conference: string, target: string, muted: boolean): Promise<boolean> {
    return this.#run(this.#api.muteConference({ conference, target, muted }));
  }

  kick(conference: string, target: string): Promise<boolean> {
    return this.#run(this.#api.kickConference({ conference, target }));
  }

  lock(conference: string, locked: boolean): Promise<boolean> {
    return this.#run(this.#api.lockConference({ conference, locked }));
  }

  record(conference: string, on: boolean): Promise<boolean> {
    return this.#run(this.#api.recordConference({ conference, on }));
  }

  /**
   * Sends a call into a room through `exten` (see conferences/room-target.ts), in `context` when the
   * dialplan has the extension outside the operator's dial context.
   */
  join(conference: string, channel: string, exten?: string, context?: string): Promise<boolean> {
    return this.#run(
      this.#api.joinConference({
        conference,
        channel,
        ...(exten ? { exten } : {}),
        ...(context ? { context } : {}),
      }),
    );
  }

  #take(s: RoomsSnapshot): void {
    // Known queues keep their cells: only what changed is rendered again.
    // A lookup for this call only, never rendered.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const known = new Map(this.queues.map((q) => [q.queue, q]));
    const next = s.queues.map((view) => {
      const q = known.get(view.queue) ?? new LiveQueue(view.queue);
      q.replace(view);
      return q;
    });
    if (next.length !== this.queues.length || next.some((q, i) => q !== this.queues[i])) this.queues = next;
    this.rooms = s.rooms;
    this.discovered = s.discovered ?? {};
    this.loaded = true;
  }

  #patch(p: RoomsPatch): void {
    let added: LiveQueue[] | undefined;
    for (const change of p.queues) {
      let q = this.queues.find((x) => x.queue === change.queue);
      if (!q) {
        q = new LiveQueue(change.queue);
        (added ??= []).push(q);
      }
      q.apply(change);
    }
    if (added) this.queues = [...this.queues, ...added];
    if (p.rooms) {
      this.rooms = p.rooms;
      this.discovered = p.discovered ?? {};
    }
  }

  #remember(reason: string): void {
    this.recentReasons = [reason, ...this.recentReasons.filter((r) => r !== reason)].slice(0, MAX_RECENT);
    writeJson(this.#storage, RECENT_KEY, this.recentReasons);
  }

  async #run(pending: Promise<IpcResult<ActionDone>>): Promise<boolean> {
    const result = await pending;
    if (result.ok) this.#toasts.show('ok', this.#i18n.notice(result.value.notice, result.value.message));
    else this.#toasts.show('error', this.#i18n.notice(result.error.notice, result.error.message));
    return result.ok;
  }
}

function readJson<T>(storage: KeyValueStorage | undefined, key: string, fallback: T): T {
  try {
    const text = storage?.getItem(key);
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}

function writeJson(storage: KeyValueStorage | undefined, key: string, value: unknown): void {
  try {
    storage?.setItem(key, JSON.stringify(value));
  } catch {
    // A full or refused storage only loses the preference.
  }
}
