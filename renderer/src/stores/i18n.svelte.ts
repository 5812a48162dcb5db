/** The language in use: from the OS/browser locale unless the operator picked one; `<html lang>` follows. */
import { en } from '../i18n/en';
import type { Messages } from '../i18n/en';
import { es } from '../i18n/es';
import type { IpcError } from '../../../shared/ipc';
import type { Notice } from '../../../shared/notices';
import { noticeLine, wordedNotice, type Worded } from '../lib/notices';

export type Language = 'en' | 'es';
export type LanguageChoice = 'system' | Language;

const catalogs: Record<Language, Messages> = { en, es };

export function detectLanguage(languages: readonly string[]): Language {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'es' || base === 'en') return base;
  }
  return 'en';
}

export class I18n {
  choice = $state<LanguageChoice>('system');
  /** What the OS/browser asks for; fixed for the window's life. */
  system: Language = $state('en');

  constructor(systemLanguages: readonly string[]) {
    this.system = detectLanguage(systemLanguages);
  }

  lang: Language = $derived(this.choice === 'system' ? this.system : this.choice);
  t: Messages = $derived(catalogs[this.lang]);
  /** BCP 47 tag for Intl formatting. */
  locale: string = $derived(this.lang === 'es' ? 'es-ES' : 'en-US');

  /** What main said, in the language in use: the sentence and the PBX's words apart. */
  notice(notice: Notice, fallback?: string): Worded {
    return wordedNotice(this.t, this.locale, notice, fallback);
  }

  /** What main said on one line (banner, forms). */
  noticeLine(notice: Notice, fallback?: string): string {
    return noticeLine(this.t, this.locale, notice, fallback);
  }

  /** A failed request as the operator reads it. */
  error(error: IpcError): string {
    return noticeLine(this.t, this.locale, error.notice, error.message);
  }
}
