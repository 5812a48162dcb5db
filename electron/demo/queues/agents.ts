/**
 * What a queue member's `Local/<exten>@<context>` runs on its ;2 half: the feature captures'
 * `[agents]` (config/features/extensions.conf: `_2XX` answers and waits, `299` rings for ever) and
 * the office's FreePBX-style `[from-queue]`, which rings the extension's phone. Pure data.
 */

/** How a member's ;2 half behaves once dialed. */
export type MemberAnswer =
  /** Answer(), Wait(600): picks up at once (20g). */
  | { readonly kind: 'answer'; readonly steps: ReadonlyArray<readonly [string, string]> }
  /** Ringing(), Wait(600): rings until the queue gives up (20j). */
  | { readonly kind: 'ring'; readonly steps: ReadonlyArray<readonly [string, string]> }
  /** The extension's phone: rings until someone (the office's life) answers it. */
  | { readonly kind: 'phone'; readonly endpoint: string };

/** The member interface's dialplan, or undefined when the extension does not exist. */
export function memberDialplan(exten: string, context: string): MemberAnswer | undefined {
  if (context === 'agents') {
    if (exten === '299') {
      return {
        kind: 'ring',
        steps: [
          ['Ringing', ''],
          ['Wait', '600'],
        ],
      };
    }
    if (/^2\d\d$/.test(exten)) {
      return {
        kind: 'answer',
        steps: [
          ['Answer', ''],
          ['Wait', '600'],
        ],
      };
    }
    return undefined;
  }
  if (context === 'from-queue' && /^\d+$/.test(exten)) return { kind: 'phone', endpoint: exten };
  return undefined;
}

/** `Local/<exten>@<context>[/n]`: its parts, or undefined for any other technology. */
export function parseLocalInterface(
  iface: string,
): { readonly exten: string; readonly context: string; readonly noOptimize: boolean } | undefined {
  const m = /^Local\/([^@/]+)@([^/]+)(\/n)?$/i.exec(iface);
  if (!m) return undefined;
  return { exten: m[1] as string, context: m[2] as string, noOptimize: m[3] !== undefined };
}
