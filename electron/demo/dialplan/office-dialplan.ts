/**
 * The demo's dialplan as ShowDialPlan lists it, from the same tables the office runs calls by: the
 * captures' `[demo]` context, and `[from-internal]` with each phone's hint and Dial plus the office's
 * own applications (echo, tones, room 900). Parking spaces (res_parking's own contexts) are not
 * listed: no capture shows how ShowDialPlan prints them.
 */
import type { Hint } from '../office';
import { DEMO_DIALPLAN, ENDPOINTS, FROM_INTERNAL_DIALPLAN, HINT_CONTEXT } from '../office';
import type { DialplanContext, DialplanExtension } from './listing';

type Steps = Readonly<Record<string, ReadonlyArray<readonly [string, string]>>>;

function extensionsOf(table: Steps, hints: readonly Hint[], context: string): Map<string, DialplanExtension> {
  const out = new Map<string, DialplanExtension>();
  const add = (exten: string, priority: DialplanExtension['priorities'][number]): void => {
    const e = out.get(exten) ?? { exten, priorities: [] };
    out.set(exten, { exten, priorities: [...e.priorities, priority] });
  };
  for (const [exten, steps] of Object.entries(table)) {
    steps.forEach(([app, data], i) => add(exten, { priority: i + 1, app, data }));
  }
  for (const h of hints) if (h.context === context) add(h.exten, { priority: 'hint', app: h.app, data: '' });
  return out;
}

export function officeDialplan(hints: readonly Hint[]): DialplanContext[] {
  const demo = extensionsOf(DEMO_DIALPLAN, hints, 'demo');
  const internal = extensionsOf(FROM_INTERNAL_DIALPLAN, hints, HINT_CONTEXT);
  // Each phone's extension dials it (what the office does for a call to a phone's number).
  for (const e of ENDPOINTS) {
    const have = internal.get(e.id) ?? { exten: e.id, priorities: [] };
    if (have.priorities.some((p) => p.priority === 1)) continue;
    internal.set(e.id, {
      exten: e.id,
      priorities: [...have.priorities, { priority: 1, app: 'Dial', data: `PJSIP/${e.id}` }],
    });
  }
  return [
    { name: 'demo', extensions: [...demo.values()], includes: [], registrar: 'pbx_config' },
    { name: HINT_CONTEXT, extensions: [...internal.values()], includes: [], registrar: 'pbx_config' },
  ];
}
