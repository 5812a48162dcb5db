/**
 * app_voicemail's spool and MWI as the demo simulates them (captures 22a–22g): messages per
 * mailbox and folder, counted at once by MailboxCount; MessageWaiting only when a poll sees counts
 * that differ from the last published ones (with Asterisk's urgent bug: a box with Urgent messages
 * is announced on every refresh); `MWI:<box>@<ctx>` device states. I/O-free.
 */
import type { Lines } from '../office';
import { EVENT_FLAG } from '../permissions';

export interface MailboxConfig {
  readonly context: string;
  readonly mailbox: string;
  readonly fullname: string;
  /** null prints as `(null)` (22a: a C NULL through %s). */
  readonly email: string | null;
}

export interface VoicemailMessage {
  readonly id: string;
  readonly callerId: string;
  /** The msgNNNN.txt origdate string, verbatim. */
  readonly date: string;
  readonly duration: number;
}

/** app_voicemail's folders in the order VoicemailBoxSummary walks them. */
export const FOLDERS = [
  'INBOX',
  'Old',
  'Work',
  'Family',
  'Friends',
  'Cust1',
  'Cust2',
  'Cust3',
  'Cust4',
  'Cust5',
  'Deleted',
  'Urgent',
] as const;
export type Folder = (typeof FOLDERS)[number];

export interface Counts {
  readonly urgent: number;
  readonly fresh: number;
  readonly old: number;
}

interface Box {
  readonly config: MailboxConfig;
  readonly folders: Map<Folder, VoicemailMessage[]>;
  /** What MWI last published, as app_voicemail caches it (urgent folded into new). */
  published: Counts;
  mwiDevice: string;
}

export interface VoicemailDeps {
  readonly emit: (category: number, event: string, lines: Lines) => void;
  readonly setDevice: (device: string, state: string) => void;
}

export class VoicemailStore {
  private readonly boxes: Box[];

  constructor(
    configs: readonly MailboxConfig[],
    private readonly deps: VoicemailDeps,
  ) {
    this.boxes = configs.map((config) => ({
      config,
      folders: new Map(),
      published: { urgent: 0, fresh: 0, old: 0 },
      mwiDevice: 'NOT_INUSE',
    }));
  }

  configs(): readonly MailboxConfig[] {
    return this.boxes.map((b) => b.config);
  }

  has(mailbox: string, context: string): boolean {
    return this.box(mailbox, context) !== undefined;
  }

  /** The spool as MailboxCount reads it: INBOX, Urgent and Old files, no refresh needed (22b). */
  counts(mailbox: string, context: string): Counts {
    const b = this.box(mailbox, context);
    if (!b) return { urgent: 0, fresh: 0, old: 0 };
    return {
      urgent: b.folders.get('Urgent')?.length ?? 0,
      fresh: b.folders.get('INBOX')?.length ?? 0,
      old: b.folders.get('Old')?.length ?? 0,
    };
  }

  messages(mailbox: string, context: string): Array<readonly [Folder, VoicemailMessage]> {
    const b = this.box(mailbox, context);
    if (!b) return [];
    return FOLDERS.flatMap((f) => (b.folders.get(f) ?? []).map((m) => [f, m] as const));
  }

  /** A message file lands in the spool; voicemail is not told (22b): MWI waits for a refresh. */
  deposit(mailbox: string, context: string, folder: Folder, message: VoicemailMessage): boolean {
    const b = this.box(mailbox, context);
    if (!b) return false;
    const list = b.folders.get(folder) ?? [];
    list.push(message);
    b.folders.set(folder, list);
    return true;
  }

  /** VoicemailMove: true when the message was there; MessageWaiting follows either way it moved (22d). */
  move(mailbox: string, context: string, from: Folder, id: string, to: Folder): boolean {
    const b = this.box(mailbox, context);
    const list = b?.folders.get(from);
    const i = list ? list.findIndex((m) => m.id === id) : -1;
    if (!b || !list || i < 0) return false;
    const [m] = list.splice(i, 1);
    const dest = b.folders.get(to) ?? [];
    dest.push(m as VoicemailMessage);
    b.folders.set(to, dest);
    this.publish(b);
    return true;
  }

  remove(mailbox: string, context: string, folder: Folder, id: string): boolean {
    const b = this.box(mailbox, context);
    const list = b?.folders.get(folder);
    const i = list ? list.findIndex((m) => m.id === id) : -1;
    if (!b || !list || i < 0) return false;
    list.splice(i, 1);
    this.publish(b);
    return true;
  }

  /**
   * VoicemailRefresh: polls one box, or every box (the poll list walks them last configured
   * first, 22b), and publishes those whose counts differ from the cache.
   */
  refresh(mailbox = '', context = ''): void {
    const targets = mailbox
      ? this.boxes.filter((b) => b.config.mailbox === mailbox && (!context || b.config.context === context))
      : [...this.boxes].reverse();
    for (const b of targets) {
      const now = this.counts(b.config.mailbox, b.config.context);
      const was = b.published;
      if (now.urgent !== was.urgent || now.fresh !== was.fresh || now.old !== was.old) this.publish(b);
    }
  }

  /** `voicemail reload`: every configured box is announced again, changed or not (22e). */
  reload(): void {
    for (const b of this.boxes) this.publish(b);
  }

  private publish(b: Box): void {
    const { urgent, fresh, old } = this.counts(b.config.mailbox, b.config.context);
    const waiting = urgent + fresh > 0;
    // The cache keeps urgent at 0 and new as new+urgent: the source of the re-announcing bug (22b).
    b.published = { urgent: 0, fresh: fresh + urgent, old };
    this.deps.emit(EVENT_FLAG.call, 'MessageWaiting', [
      ['Mailbox', `${b.config.mailbox}@${b.config.context}`],
      ['Waiting', waiting ? '1' : '0'],
      ['New', String(fresh + urgent)],
      ['Old', String(old)],
    ]);
    const device = waiting ? 'INUSE' : 'NOT_INUSE';
    if (device !== b.mwiDevice) {
      b.mwiDevice = device;
      this.deps.setDevice(`MWI:${b.config.mailbox}@${b.config.context}`, device);
    }
  }

  private box(mailbox: string, context: string): Box | undefined {
    return this.boxes.find(
      (b) => b.config.mailbox === mailbox && b.config.context === (context || 'default'),
    );
  }
}

/** `101@default` (or `101`, context default) as MailboxCount/MailboxStatus take it. */
export function splitMailbox(text: string): readonly [string, string] {
  const at = text.indexOf('@');
  return at < 0 ? [text, 'default'] : [text.slice(0, at), text.slice(at + 1) || 'default'];
}
