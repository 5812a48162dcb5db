/**
 * The switchboard: main's model (extensions, parking lots, parked calls, what is missing) with
 * patches applied ($state.raw, replaced wholesale), the operator's arrangement of it, and its
 * controls. A control is only "queued" when main answers: it is shown done when its
 * `switchboard:outcome` says Asterisk did it (a transfer that never happened must not look done).
 */
import { SvelteMap } from 'svelte/reactivity';
import type {
  ActionDone,
  AjamApi,
  IpcError,
  IpcResult,
  ProfileInput,
  ProfileSummary,
} from '../../../shared/ipc';
import {
  applySwitchboardPatch,
  EMPTY_SWITCHBOARD,
  type ParkedCall,
  type PanelLimit,
  type SwitchboardControl,
  type SwitchboardPanel,
  type SwitchboardSnapshot,
} from '../../../shared/switchboard';
import type { I18n } from '../stores/i18n.svelte';
import type { Toasts } from '../stores/toasts.svelte';
import {
  completeTarget,
  groupButtons,
  indexButtons,
  lotViews,
  type ButtonIndex,
  type GridButton,
  type GridGroup,
  type LotView,
} from './grid';
import {
  EMPTY_LAYOUT,
  hasProfileParts,
  loadLayout,
  mergeLayout,
  profileLayout,
  saveLayout,
  withSwitchboardLayout,
  type GridLayout,
  type KeyValueStorage,
} from './layout';

/** The saved profile the groups and labels belong to, read fresh at each save. */
export interface LayoutHome {
  current(): ProfileSummary | undefined;
  save(profile: ProfileInput): Promise<IpcResult<ProfileSummary>>;
}

/** A control main accepted and Asterisk has not reported yet. */
export interface PendingControl {
  readonly control: SwitchboardControl;
  readonly target: string;
  /** The extension or lot it goes to, for the row that shows it pending. */
  readonly to: string;
}

export class Switchboard {
  snapshot = $state.raw<SwitchboardSnapshot>(EMPTY_SWITCHBOARD);
  error = $state.raw<IpcError | null>(null);
  /** Whether main answered the subscription at all (a panel says "loading" until then). */
  loaded = $state(false);
  query = $state('');
  layout = $state.raw<GridLayout>(EMPTY_LAYOUT);
  /** The extension keyboard focus / the context menu acts on. */
  selected = $state<string | null>(null);
  pending = new SvelteMap<string, PendingControl>();

  #extensions = $derived(this.snapshot.extensions);
  // The last index (plain, only ever replaced): a patch to a few extensions replaces their buttons
  // in place instead of regrouping and sorting all of them (issue 13: work per patch, not per grid).
  #lastIndex: ButtonIndex | undefined;
  #index = $derived.by(() => {
    this.#lastIndex = indexButtons(this.#extensions, this.layout.labels, this.#lastIndex);
    return this.#lastIndex;
  });
  buttons: readonly GridButton[] = $derived(this.#index.buttons);
  groups = $derived(groupButtons(this.buttons, this.layout.groups, this.query));
  limits: Readonly<Partial<Record<SwitchboardPanel, PanelLimit>>> = $derived(this.snapshot.limits);
  lots: LotView[] = $derived(lotViews(this.snapshot.lots, this.snapshot.parked));

  #api: AjamApi;
  #toasts: Toasts;
  #i18n: I18n;
  #storage: KeyValueStorage | undefined;
  #profile = '';
  #home: LayoutHome | undefined;
  /** Saves run one after another, each with the latest layout: a slow one cannot undo a later edit. */
  #saving: Promise<void> = Promise.resolve();

  constructor(api: AjamApi, toasts: Toasts, i18n: I18n, storage: KeyValueStorage | undefined) {
    this.#api = api;
    this.#toasts = toasts;
    this.#i18n = i18n;
    this.#storage = storage;
    api.onSwitchboardPatch((patch) => (this.snapshot = applySwitchboardPatch(this.snapshot, patch)));
    api.onSwitchboardSnapshot((snapshot) => (this.snapshot = snapshot));
    api.onSwitchboardOutcome((outcome) => {
      this.pending.delete(outcome.requestId);
      this.#toasts.show(outcome.ok ? 'ok' : 'error', this.#i18n.notice(outcome.notice, outcome.message));
    });
  }

  /**
   * The arrangement follows the profile (or, without one, the PBX address and user). With a saved
   * profile (`home`), its groups and labels win; ones this window kept from before are moved into it.
   */
  useProfile(profile: string, home?: LayoutHome): void {
    if (profile === this.#profile) return;
    this.#profile = profile;
    this.#home = home;
    const local = loadLayout(this.#storage, profile);
    const stored = home?.current()?.switchboardLayout;
    this.layout = mergeLayout(local, stored);
    if (home && !stored && hasProfileParts(local)) this.#saveToProfile();
  }

  setLayout(next: GridLayout): void {
    const before = this.layout;
    this.layout = next;
    const moved = this.#home !== undefined;
    saveLayout(this.#storage, this.#profile, moved ? { ...next, groups: [], labels: {} } : next);
    if (moved && (next.groups !== before.groups || next.labels !== before.labels)) this.#saveToProfile();
  }

  #saveToProfile(): void {
    const home = this.#home;
    const key = this.#profile;
    if (!home) return;
    this.#saving = this.#saving.then(async () => {
      const profile = home.current();
      if (!profile || key !== this.#profile) return;
      const result = await home.save(withSwitchboardLayout(profile, profileLayout(this.layout)));
      if (!result.ok) {
        this.#toasts.show('error', this.#i18n.notice(result.error.notice, result.error.message));
        return;
      }
      // In the profile now: this window keeps only how it shows them.
      saveLayout(this.#storage, key, { ...this.layout, groups: [], labels: {} });
    });
  }

  setGroups(groups: readonly GridGroup[]): void {
    this.setLayout({ ...this.layout, groups });
  }

  setLabel(exten: string, label: string): void {
    const labels = { ...this.layout.labels };
    if (label.trim()) labels[exten] = label.trim();
    else delete labels[exten];
    this.setLayout({ ...this.layout, labels });
  }

  toggleGroup(id: string): void {
    const collapsed = this.layout.collapsed.includes(id)
      ? this.layout.collapsed.filter((c) => c !== id)
      : [...this.layout.collapsed, id];
    this.setLayout({ ...this.layout, collapsed });
  }

  isCollapsed(id: string): boolean {
    return this.layout.collapsed.includes(id);
  }

  setCompact(compact: boolean): void {
    this.setLayout({ ...this.layout, compact });
  }

  async subscribe(): Promise<void> {
    const result = await this.#api.subscribeSwitchboard();
    this.loaded = true;
    if (result.ok) {
      this.snapshot = result.value;
      this.error = null;
    } else {
      this.error = result.error;
    }
  }

  clear(): void {
    this.snapshot = EMPTY_SWITCHBOARD;
    this.loaded = false;
    this.selected = null;
    this.pending.clear();
    void this.#api.unsubscribeSwitchboard();
  }

  button(exten: string): GridButton | undefined {
    const at = this.#index.at.get(exten);
    return at === undefined ? undefined : this.buttons[at];
  }

  complete(text: string): GridButton[] {
    return completeTarget(this.buttons, text);
  }

  /** Whether a control of this kind is on its way to `to` (an extension or a lot). */
  isPending(to: string): boolean {
    for (const p of this.pending.values()) if (p.to === to) return true;
    return false;
  }

  async #run(
    control: SwitchboardControl,
    target: string,
    to: string,
    call: () => Promise<IpcResult<ActionDone>>,
  ): Promise<boolean> {
    const result = await call();
    if (!result.ok) {
      this.#toasts.show('error', this.#i18n.notice(result.error.notice, result.error.message));
      return false;
    }
    const { requestId, notice, message } = result.value;
    // Queued, not done: say so, and wait for Asterisk's word (the outcome event) to say done.
    this.#toasts.show('info', this.#i18n.notice(notice, message));
    if (requestId) this.pending.set(requestId, { control, target, to });
    return true;
  }

  call(exten: string): Promise<boolean> {
    return this.#run('call', exten, exten, () => this.#api.callExtension({ exten }));
  }

  transfer(channel: string, exten: string, mode: 'blind' | 'attended'): Promise<boolean> {
    const control = mode === 'blind' ? 'transfer' : 'atxfer';
    return this.#run(control, channel, exten, () => this.#api.transferTo({ channel, exten, mode }));
  }

  pickup(exten: string): Promise<boolean> {
    return this.#run('pickup', exten, exten, () => this.#api.pickupExtension({ exten }));
  }

  park(channel: string, lot?: string): Promise<boolean> {
    return this.#run('park', channel, lot ?? '', () =>
      this.#api.parkCall(lot ? { channel, lot } : { channel }),
    );
  }

  unpark(call: ParkedCall): Promise<boolean> {
    return this.#run('unpark', call.channel, call.lot, () =>
      this.#api.unparkCall({ lot: call.lot, space: call.space }),
    );
  }

  async dnd(exten: string, on: boolean): Promise<boolean> {
    const result = await this.#api.setDnd({ exten, on });
    if (!result.ok) {
      this.#toasts.show('error', this.#i18n.notice(result.error.notice, result.error.message));
      return false;
    }
    this.#toasts.show('ok', this.#i18n.notice(result.value.notice, result.value.message));
    return true;
  }
}
