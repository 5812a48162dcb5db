/**
 * Every control that queues an Originate on the operator's phone (click-to-dial, listen, pickup,
 * unpark, a call from the switchboard grid...) answers with the Originate's ActionID as `requestId`.
 * `tapQueued` hands those ids to the softphone (`expectAutoAnswer`) for a store that was not written
 * with it in mind: the store gets the same API, each method reporting its queued id on the way back.
 */
import type { AjamApi } from '../../../shared/ipc';

function requestIdOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null || !('ok' in result) || result.ok !== true)
    return undefined;
  const value = (result as { value?: unknown }).value;
  if (typeof value !== 'object' || value === null || !('requestId' in value)) return undefined;
  const id = (value as { requestId?: unknown }).requestId;
  return typeof id === 'string' ? id : undefined;
}

export function tapQueued(api: AjamApi, onQueued: (requestId: string) => void): AjamApi {
  const tapped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(api)) {
    // Listeners (`on…`) and anything that is not a request pass through untouched.
    if (typeof member !== 'function' || /^on[A-Z]/.test(name)) {
      tapped[name] = member;
      continue;
    }
    tapped[name] = async (...args: unknown[]): Promise<unknown> => {
      const result: unknown = await (member as (...a: unknown[]) => Promise<unknown>).apply(api, args);
      const id = requestIdOf(result);
      if (id !== undefined) onQueued(id);
      return result;
    };
  }
  // Same members, same shapes: only what happens after each request differs.
  return Object.freeze(tapped) as AjamApi;
}
