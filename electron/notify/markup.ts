/**
 * Text for a native notification, as the platform's notification server reads it. On Linux, Electron
 * hands title and body to libnotify, and the freedesktop notification server parses them as markup:
 * a caller ID such as `Cliente <600100200>` loses its number as an unknown tag, and `&` or a `<b>` in a
 * caller name (which anyone calling in sets) changes or breaks the text. Windows and macOS show the
 * text as given, so escaping there would show `&amp;` literally.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes `& < >` so the markup parser shows exactly `text`. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>]/g, (char) => ENTITIES[char] ?? char);
}

/** `text` as the notification server of `platform` must receive it to show it verbatim. */
export function notificationText(text: string, platform: NodeJS.Platform): string {
  return platform === 'linux' ? escapeMarkup(text) : text;
}
