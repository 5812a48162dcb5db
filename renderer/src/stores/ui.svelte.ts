/** Which dialog is open and which field wants focus: UI-only state shared by the toolbar, board and shortcuts. */
export type Dialog =
  | { readonly kind: 'hangup'; readonly channel: string; readonly who: string }
  | {
      readonly kind: 'transfer' | 'atxfer';
      readonly channel: string;
      readonly who: string;
      /** What the target field starts with (back from the unknown-target question). */
      readonly exten?: string;
    }
  | {
      /** The target is not an extension the console knows: ask before sending it. */
      readonly kind: 'unknown-target';
      readonly transfer: 'transfer' | 'atxfer';
      readonly channel: string;
      readonly who: string;
      readonly exten: string;
    }
  | { readonly kind: 'help' };

export class Ui {
  dialog = $state.raw<Dialog | null>(null);
  searchInput = $state<HTMLInputElement | null>(null);
  dialInput = $state<HTMLInputElement | null>(null);
  /** Bumped to ask the board to scroll the selected channel into view. */
  reveal = $state(0);

  open(dialog: Dialog): void {
    this.dialog = dialog;
  }

  close(): void {
    this.dialog = null;
  }
}
