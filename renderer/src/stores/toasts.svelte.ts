/**
 * Short-lived results of controls: a sentence in the operator's language, with what Asterisk
 * itself said as detail.
 */
import type { Worded } from '../lib/notices';

export interface Toast {
  readonly id: number;
  readonly kind: 'ok' | 'error' | 'info';
  readonly text: string;
  /** The PBX's (or the system's) own words, shown verbatim under the sentence. */
  readonly detail?: string;
}

export class Toasts {
  items = $state.raw<readonly Toast[]>([]);
  #next = 1;

  show(kind: Toast['kind'], what: string | Worded, ms = kind === 'error' ? 8000 : 4000): void {
    const id = this.#next++;
    const worded = typeof what === 'string' ? { text: what } : what;
    this.items = [...this.items.slice(-4), { id, kind, ...worded }];
    setTimeout(() => this.dismiss(id), ms);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}
