/**
 * Which switchboard panels and controls this PBX and this manager user allow, and why not. Pure.
 *
 * As for the console's features (electron/console/capabilities.ts): ListCommands lists exactly
 * the actions the user's `write` classes let through, so an action not listed is missing either
 * because the user lacks all of its classes (`write`) or, holding one, because the PBX has not
 * loaded the module that registers it (`not-loaded`, with the module named).
 */
import type { PanelLimit, SwitchboardPanel } from '../../../shared/switchboard';
import { mayRun, type Capabilities } from '../../console/capabilities';

interface ActionInfo {
  /** Write classes (any one is enough), as registered in Asterisk 22. */
  readonly classes: readonly string[];
  /** The module that registers it, when not the core. */
  readonly module?: string;
}

/** The actions the switchboard sends (main/manager.c, main/db.c, res_parking, app_voicemail, res_pjsip). */
export const SWITCHBOARD_ACTIONS: Readonly<Record<string, ActionInfo>> = {
  ExtensionStateList: { classes: ['call', 'reporting'] },
  DeviceStateList: { classes: ['call', 'reporting'] },
  PresenceStateList: { classes: ['call', 'reporting'] },
  PJSIPShowEndpoints: { classes: ['system'], module: 'res_pjsip.so' },
  VoicemailUsersList: { classes: ['call', 'reporting'], module: 'app_voicemail.so' },
  // MailboxCount is the core's (main/manager.c, 04m lists it without app_voicemail); it reads 0 then.
  MailboxCount: { classes: ['call', 'reporting'] },
  DBGetTree: { classes: ['system', 'reporting'] },
  DBPut: { classes: ['system'] },
  DBDel: { classes: ['system'] },
  Setvar: { classes: ['call'] },
  Parkinglots: { classes: ['call'], module: 'res_parking.so' },
  ParkedCalls: { classes: ['call'], module: 'res_parking.so' },
  Park: { classes: ['call'], module: 'res_parking.so' },
  Originate: { classes: ['originate'] },
  BlindTransfer: { classes: ['call'] },
  Redirect: { classes: ['call'] },
  Atxfer: { classes: ['call'] },
};

/** Each panel's actions: `all` must every one be allowed, `any` one is enough. */
const PANELS: Readonly<
  Record<SwitchboardPanel, { readonly all?: readonly string[]; readonly any?: readonly string[] }>
> = {
  extensions: { all: ['ExtensionStateList'] },
  names: { all: ['PJSIPShowEndpoints'] },
  presence: { all: ['PresenceStateList'] },
  voicemail: { all: ['VoicemailUsersList'] },
  astdb: { all: ['DBGetTree'] },
  dnd: { all: ['DBPut', 'DBDel', 'Setvar'] },
  forward: { all: ['DBPut', 'DBDel'] },
  parking: { all: ['Parkinglots', 'ParkedCalls'] },
  park: { all: ['Park'] },
  call: { all: ['Originate'] },
  transfer: { any: ['BlindTransfer', 'Redirect'] },
  atxfer: { all: ['Atxfer'] },
};

/** Panels whose controls ring the operator's own phone. */
const NEEDS_OPERATOR: readonly SwitchboardPanel[] = ['call'];

function limitFor(caps: Capabilities, missing: readonly string[]): PanelLimit {
  const classes = [...new Set(missing.flatMap((a) => SWITCHBOARD_ACTIONS[a]?.classes ?? []))];
  const modules = [...new Set(missing.flatMap((a) => SWITCHBOARD_ACTIONS[a]?.module ?? []))];
  // Holding one of each missing action's classes and still not seeing it: the module is not loaded.
  const held = missing.every((a) => (SWITCHBOARD_ACTIONS[a]?.classes ?? []).some((c) => caps.classes.has(c)));
  if (held) {
    return {
      kind: 'not-loaded',
      classes,
      actions: [...missing],
      ...(modules[0] ? { module: modules[0] } : {}),
    };
  }
  return { kind: 'write', classes, actions: [...missing] };
}

export function switchboardLimits(
  caps: Capabilities | undefined,
  operatorEndpoint: string | undefined,
): Partial<Record<SwitchboardPanel, PanelLimit>> {
  const out: Partial<Record<SwitchboardPanel, PanelLimit>> = {};
  for (const [panel, need] of Object.entries(PANELS) as [
    SwitchboardPanel,
    (typeof PANELS)[SwitchboardPanel],
  ][]) {
    if (caps !== undefined) {
      const missingAll = (need.all ?? []).filter((a) => !mayRun(caps, a));
      const anyOk = need.any === undefined || need.any.some((a) => mayRun(caps, a));
      const missing = [...missingAll, ...(anyOk ? [] : (need.any ?? []))];
      if (missing.length > 0) {
        out[panel] = limitFor(caps, missing);
        continue;
      }
    }
    if (NEEDS_OPERATOR.includes(panel) && !operatorEndpoint) {
      out[panel] = { kind: 'no-operator', classes: [], actions: [] };
    }
  }
  return out;
}
