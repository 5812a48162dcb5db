/** One VoicemailStore per office, made with it by the server and found by the actions through it. */
import type { Emit, Office } from '../office';
import type { MailboxConfig } from './store';
import { VoicemailStore } from './store';

const STORES = new WeakMap<Office, VoicemailStore>();

export function attachVoicemail(
  office: Office,
  configs: readonly MailboxConfig[],
  emit: Emit,
): VoicemailStore {
  const store = new VoicemailStore(configs, {
    emit,
    setDevice: (device, state) => office.setDevice(device, state),
  });
  STORES.set(office, store);
  return store;
}

export function voicemailOf(office: Office): VoicemailStore {
  const store = STORES.get(office);
  if (!store) throw new Error('the office has no voicemail attached');
  return store;
}
