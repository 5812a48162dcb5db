/**
 * What the demo's extensions.conf and res_parking.conf hold for the switchboard: the hints (one
 * or more devices joined by `&`, then an optional presence provider after a comma, FreePBX style
 * `PJSIP/101&Custom:DND101,CustomPresence:101`) and the two parking lots of the captures'
 * config/features/res_parking.conf. Pure data and parsing.
 */

export interface Hint {
  readonly exten: string;
  readonly context: string;
  /** The hint as written in the dialplan: what ExtensionStatus prints as `Hint:`. */
  readonly app: string;
  /** The devices before the comma, in order. */
  readonly devices: readonly string[];
  /** The presence provider after the comma, if any. */
  readonly presence: string | null;
}

/** pbx.c's parse_hint_device()/parse_hint_presence(): devices before the first comma, presence after. */
export function parseHint(exten: string, context: string, app: string): Hint {
  const comma = app.indexOf(',');
  const devices = (comma < 0 ? app : app.slice(0, comma)).split('&').filter((d) => d !== '');
  const presence = comma < 0 ? null : app.slice(comma + 1) || null;
  return { exten, context, app, devices, presence };
}

/** `[from-internal]` of the captures' config/features/extensions.conf (series 24–26). */
export const CAPTURE_HINTS: readonly Hint[] = [
  parseHint('101', 'from-internal', 'Custom:ext101&Custom:DND101,CustomPresence:101'),
  parseHint('102', 'from-internal', 'Custom:ext102,CustomPresence:102'),
  parseHint('103', 'from-internal', 'Custom:ext103'),
  parseHint('*76101', 'from-internal', 'Custom:DND101'),
];

/** The office's hint for a phone: its PJSIP device, the FreePBX DND lamp, its presence. */
export function officeHint(id: string, context: string): Hint {
  return parseHint(id, context, `PJSIP/${id}&Custom:DND${id},CustomPresence:${id}`);
}

export interface ParkingLot {
  readonly name: string;
  /** The dialplan context holding its spaces (`park:<space>@<context>` devices). */
  readonly context: string;
  readonly parkext: number;
  readonly startSpace: number;
  readonly stopSpace: number;
  readonly timeoutSeconds: number;
  /** comebacktoorigin: a timed-out call rings its parker again; else it goes to comebackContext. */
  readonly comebackToOrigin: boolean;
  readonly comebackContext: string;
}

/** config/features/res_parking.conf. */
export const PARKING_LOTS: readonly ParkingLot[] = [
  {
    name: 'default',
    context: 'parkedcalls',
    parkext: 700,
    startSpace: 701,
    stopSpace: 720,
    timeoutSeconds: 45,
    comebackToOrigin: true,
    comebackContext: 'parkedcallstimeout',
  },
  {
    name: 'shortlot',
    context: 'parkedcalls-short',
    parkext: 750,
    startSpace: 751,
    stopSpace: 760,
    timeoutSeconds: 10,
    comebackToOrigin: false,
    comebackContext: 'parking-timeout',
  },
];

export function findLot(name: string): ParkingLot | undefined {
  return PARKING_LOTS.find((l) => l.name === name);
}

/** The lot whose context a `Local/<space>@<context>` dial names, with the space. */
export function lotOfSpace(context: string, exten: string): { lot: ParkingLot; space: number } | undefined {
  const lot = PARKING_LOTS.find((l) => l.context === context);
  const space = Number(exten);
  if (!lot || !Number.isInteger(space) || space < lot.startSpace || space > lot.stopSpace) return undefined;
  return { lot, space };
}

/**
 * Whether res_parking made `exten@context`: each lot's context holds its parkext (Park()) and one
 * extension per space (ParkedCall(<lot>,<space>)), whether or not a call waits there.
 */
export function isParkingExtension(context: string, exten: string): boolean {
  return (
    lotOfSpace(context, exten) !== undefined ||
    PARKING_LOTS.some((l) => l.context === context && String(l.parkext) === exten)
  );
}
