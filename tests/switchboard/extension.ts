/** An idle extension with one PJSIP device and nothing else set, for the grid's pure tests. */
import type { Extension } from '../../shared/switchboard';

export function extension(
  exten: string,
  context: string,
  name: string,
  extra: Partial<Extension> = {},
): Extension {
  return {
    id: `${exten}@${context}`,
    exten,
    context,
    name,
    state: 'idle',
    statusText: 'Idle',
    devices: [`PJSIP/${exten}`],
    dnd: false,
    forward: null,
    presence: null,
    voicemail: null,
    calls: [],
    ...extra,
  };
}
