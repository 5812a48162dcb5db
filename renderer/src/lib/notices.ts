/**
 * The one place the renderer words what main said (a Notice: key, parameters, and what the PBX
 * itself said as detail) in the operator's language. Every error, warning and Asterisk reply the
 * window shows goes through here, so none reaches the screen in main's English.
 */
import { isNoticeKey, wordNotice, type Notice, type NoticeFormat } from '../../../shared/notices';
import type { Messages } from '../i18n/en';
import { formatBytes } from './format';

/** A notice as the operator reads it: the sentence, and the PBX's or system's own words apart. */
export interface Worded {
  readonly text: string;
  readonly detail?: string;
}

export function noticeFormat(locale: string): NoticeFormat {
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return { number: (value) => numbers.format(value), bytes: (value) => formatBytes(value, locale) };
}

/**
 * Words `notice` from the catalog `t`. `fallback` (main's English) only shows for a key this
 * renderer does not know, which a single build never produces: better English than nothing.
 */
export function wordedNotice(t: Messages, locale: string, notice: Notice, fallback?: string): Worded {
  const known = isNoticeKey(notice.key);
  const text = known ? wordNotice(t.notices, notice, noticeFormat(locale)) : (fallback ?? notice.key);
  return notice.detail === undefined || notice.detail === '' ? { text } : { text, detail: notice.detail };
}

/** The sentence and its detail on one line, for places with room for one string (banner, labels). */
export function noticeLine(t: Messages, locale: string, notice: Notice, fallback?: string): string {
  const worded = wordedNotice(t, locale, notice, fallback);
  return worded.detail === undefined ? worded.text : t.noticeDetail(worded.text, worded.detail);
}
