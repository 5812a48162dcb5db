/**
 * voicemail.conf for the demo: the capture instance's (config/features/voicemail.conf) and one
 * mailbox per office phone.
 */
import { ENDPOINTS } from '../office';
import type { MailboxConfig } from './store';

export const CAPTURE_MAILBOXES: readonly MailboxConfig[] = [
  { context: 'default', mailbox: '101', fullname: 'Alice Example', email: 'alice@example.invalid' },
  { context: 'default', mailbox: '102', fullname: 'Bob Example', email: null },
];

export const OFFICE_MAILBOXES: readonly MailboxConfig[] = ENDPOINTS.map((e) => ({
  context: 'default',
  mailbox: e.id,
  fullname: e.name,
  email: null,
}));
