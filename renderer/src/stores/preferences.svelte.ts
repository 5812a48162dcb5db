/**
 * Language and theme choices, kept by main (settings:get/set) so the tray and menus agree; where main
 * has no settings (the browser preview answers `unavailable`), kept in this browser's localStorage.
 */
import type { AjamApi, Settings } from '../../../shared/ipc';
import type { I18n, LanguageChoice } from './i18n.svelte';
import type { Theme, ThemeChoice } from './theme.svelte';

const KEY = 'ajam-console.preferences';

function readLocal(): Partial<Pick<Settings, 'language' | 'theme'>> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { language, theme } = parsed as Record<string, unknown>;
    return {
      ...(language === 'system' || language === 'en' || language === 'es' ? { language } : {}),
      ...(theme === 'system' || theme === 'light' || theme === 'dark' ? { theme } : {}),
    };
  } catch {
    return {};
  }
}

export class Preferences {
  #api: AjamApi;
  #i18n: I18n;
  #theme: Theme;
  #inMain = false;

  constructor(api: AjamApi, i18n: I18n, theme: Theme) {
    this.#api = api;
    this.#i18n = i18n;
    this.#theme = theme;
    api.onSettingsChanged((s) => this.#apply(s));
  }

  #apply(s: Partial<Pick<Settings, 'language' | 'theme'>>): void {
    if (s.language) this.#i18n.choice = s.language;
    if (s.theme) this.#theme.choice = s.theme;
  }

  async load(): Promise<void> {
    const result = await this.#api.getSettings();
    this.#inMain = result.ok;
    this.#apply(result.ok ? result.value : readLocal());
  }

  async setLanguage(language: LanguageChoice): Promise<void> {
    this.#i18n.choice = language;
    await this.#save({ language });
  }

  async setTheme(theme: ThemeChoice): Promise<void> {
    this.#theme.choice = theme;
    await this.#save({ theme });
  }

  async #save(patch: Partial<Pick<Settings, 'language' | 'theme'>>): Promise<void> {
    if (this.#inMain) {
      const result = await this.#api.setSettings(patch);
      if (result.ok) return;
    }
    try {
      localStorage.setItem(KEY, JSON.stringify({ ...readLocal(), ...patch }));
    } catch {
      // Storage disabled: the choice still holds for this window.
    }
  }
}
