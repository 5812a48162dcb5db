/** Short-lived results of controls: success in Asterisk's words, or its own error text. */
export interface Toast {
  readonly id: number;
  readonly kind: 'ok' | 'error' | 'info';
  readonly text: string;
}

export class Toasts {
  items = $state.raw<readonly Toast[]>([]);
  #next = 1;

  show(kind: Toast['kind'], text: string, ms = kind === 'error' ? 8000 : 4000): void {
    const id = this.#next++;
    this.items = [...this.items.slice(-4), { id, kind, text }];
    setTimeout(() => this.dismiss(id), ms);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}
