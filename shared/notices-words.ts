/**
 * A notice as one line in English or Spanish, for main's own words to the operator outside the
 * window (desktop notifications): the same tables the renderer's catalogs use.
 */
import { englishFormat, noticesEn } from './notices-en';
import { noticesEs, spanishFormat } from './notices-es';
import { wordNoticeWithDetail, type Notice } from './notices';

export function noticeLineIn(language: 'en' | 'es', item: Notice): string {
  return language === 'es'
    ? wordNoticeWithDetail(noticesEs, item, spanishFormat)
    : wordNoticeWithDetail(noticesEn, item, englishFormat);
}
