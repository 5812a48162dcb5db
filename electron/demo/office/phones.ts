/** Who is in the office and who calls it: its PJSIP phones and the outside numbers of the background traffic. */
import { DIRECTORY } from '../switchboard/directory';
import type { Endpoint } from './model';

/**
 * The office's phones: the switchboard directory's forty extensions (switchboard/directory.ts). The
 * first fourteen are the original ones, in their order; the background traffic rings only those
 * (TRAFFIC_PHONES), so seeded runs stay what they were.
 */
export const ENDPOINTS: readonly Endpoint[] = DIRECTORY.map(({ id, name }) => ({ id, name }));

/** The phones the background traffic (traffic.ts) calls and rings. */
export const TRAFFIC_PHONES: readonly Endpoint[] = ENDPOINTS.slice(0, 14);

/**
 * The phones a call placed without a destination rings: the front desk. The rest of the office is
 * rung by the background traffic (traffic.ts), so seeded starts stay what they were.
 */
export const FRONT_DESK = ENDPOINTS.slice(0, 6);

/** The outside numbers (and names) that call the office when a call names no caller. */
export const EXTERNAL_CALLERS: ReadonlyArray<readonly [string, string]> = [
  ['+34911234567', 'Cliente Madrid'],
  ['+34931234567', 'Proveedor BCN'],
  ['+34961234567', 'Oficina Valencia'],
  ['600123456', 'Móvil'],
  ['+34954112233', 'Transportes Sur'],
  ['+34985667788', 'Gestoría Norte'],
  ['+34976554433', 'Banco Aragón'],
  ['612345678', 'Técnico'],
];
