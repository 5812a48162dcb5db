/** Light/dark: follows the OS (prefers-color-scheme) unless the operator overrides it. */
export type ThemeChoice = 'system' | 'light' | 'dark';

export class Theme {
  choice = $state<ThemeChoice>('system');
  #systemDark = $state(false);

  constructor(media: MediaQueryList | null) {
    if (media) {
      this.#systemDark = media.matches;
      media.addEventListener('change', (e) => (this.#systemDark = e.matches));
    }
  }

  resolved: 'light' | 'dark' = $derived(
    this.choice === 'system' ? (this.#systemDark ? 'dark' : 'light') : this.choice,
  );
}
