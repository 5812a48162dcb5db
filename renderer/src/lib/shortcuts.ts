/** Keyboard shortcuts for the frequent actions; single keys, ignored while typing in a field. */
import type { ConsoleFeature } from '../../../shared/ipc';
import type { Board } from '../stores/board.svelte';
import { who as whoOf } from './callerid';
import type { Controls } from '../stores/controls.svelte';
import type { Ui } from '../stores/ui.svelte';
import type { Uploads } from '../stores/uploads.svelte';

export interface ShortcutTargets {
  readonly board: Board;
  readonly ui: Ui;
  readonly uploads: Uploads;
  readonly controls: Controls;
  readonly canSpy: boolean;
  /** A feature the manager user may not use: its key does nothing, as its button is disabled. */
  readonly blocked?: (feature: ConsoleFeature) => boolean;
}

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
}

export function handleShortcut(event: KeyboardEvent, targets: ShortcutTargets): void {
  const { board, ui, uploads, controls } = targets;
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
  if (typing(event.target)) {
    if (event.key === 'Escape' && event.target instanceof HTMLElement) event.target.blur();
    return;
  }
  if (ui.dialog) return;
  // A feature's own dialog or menu (switchboard groups, labels, an extension's menu) keeps its keys:
  // Escape closes it rather than clearing the selection behind it.
  if (event.target instanceof Element && event.target.closest('dialog[open], [role="menu"]')) return;
  const ch = board.selected;
  const who = ch ? whoOf(ch) : '';
  const handled = (): void => event.preventDefault();

  switch (event.key) {
    case '/':
      ui.searchInput?.focus();
      return handled();
    case 'd':
    case 'D':
      ui.dialInput?.focus();
      return handled();
    case 'ArrowDown':
    case 'j':
      board.move(1);
      ui.reveal++;
      return handled();
    case 'ArrowUp':
    case 'k':
      board.move(-1);
      ui.reveal++;
      return handled();
    case 'u':
    case 'U':
      uploads.open = !uploads.open;
      return handled();
    case '?':
      ui.open({ kind: 'help' });
      return handled();
    case 'Escape':
      board.selectedId = null;
      return handled();
  }
  if (!ch) return;
  const allowed = (feature: ConsoleFeature): boolean => !targets.blocked?.(feature);
  switch (event.key) {
    // Delete only: Backspace is pressed by habit to fix a typo and must not start a hang-up.
    case 'Delete':
      if (!allowed('hangup')) return;
      ui.open({ kind: 'hangup', channel: ch.channel, who });
      return handled();
    case 't':
    case 'T':
      if (!allowed('transfer')) return;
      ui.open({ kind: 'transfer', channel: ch.channel, who });
      return handled();
    case 'a':
    case 'A':
      if (!allowed('atxfer')) return;
      ui.open({ kind: 'atxfer', channel: ch.channel, who });
      return handled();
    case 'p':
    case 'P':
      if (!allowed('park')) return;
      void controls.park(ch.channel);
      return handled();
    case 'r':
    case 'R':
      if (!allowed('record')) return;
      void controls.record(ch.channel, !ch.recording);
      return handled();
    case 'l':
    case 'w':
    case 'b':
      if (!targets.canSpy || !allowed('spy')) return;
      void controls.spy(ch.channel, event.key === 'l' ? 'listen' : event.key === 'w' ? 'whisper' : 'barge');
      return handled();
  }
}
