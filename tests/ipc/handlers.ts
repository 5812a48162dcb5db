/** A complete handler table for router tests: every channel answers with what it received. */
import { REQUEST_CHANNELS, ok, type RequestChannel } from '../../shared/ipc';
import type { Handler, Handlers, RequestContext } from '../../electron/ipc/router';

export interface Received {
  readonly channel: RequestChannel;
  readonly payload: unknown;
  readonly context: RequestContext;
}

export function echoHandlers(
  received: Received[],
  overrides: Partial<{ [C in RequestChannel]: Handler<C> }> = {},
): Handlers {
  const table: Record<string, unknown> = {};
  for (const channel of REQUEST_CHANNELS) {
    table[channel] = (payload: unknown, context: RequestContext) => {
      received.push({ channel, payload, context });
      return ok({ echoed: channel });
    };
  }
  return { ...(table as unknown as Handlers), ...overrides };
}
