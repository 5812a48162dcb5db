/**
 * The switchboard's contract channels, for the console service to spread into its handlers.
 * (First cut: the snapshot is empty and controls answer not-connected until the feature is wired.)
 */
import { fail, ok } from '../../../shared/ipc';
import { notice } from '../../../shared/notices';
import { EMPTY_SWITCHBOARD, type SwitchboardRequestChannel } from '../../../shared/switchboard';
import type { Handler } from '../../ipc/router';

export function switchboardHandlers(): { [C in SwitchboardRequestChannel]: Handler<C> } {
  const notConnected = () => fail('not-connected', notice('console.not-connected'));
  return {
    'switchboard:subscribe': () => ok(EMPTY_SWITCHBOARD),
    'switchboard:unsubscribe': () => ok(null),
    'switchboard:call': notConnected,
    'switchboard:transfer': notConnected,
    'switchboard:pickup': notConnected,
    'switchboard:park': notConnected,
    'switchboard:unpark': notConnected,
    'switchboard:dnd': notConnected,
    'switchboard:forward': notConnected,
  };
}
