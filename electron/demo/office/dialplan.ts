/**
 * The demo's dialplan as tables: the captures' `[demo]` context, the office's `[from-internal]`
 * applications and its hints, and the lookups Originate and Redirect make in them. Pure data.
 */
import type { Hint } from '../switchboard/dialplan';
import { isParkingExtension, officeHint, parseHint } from '../switchboard/dialplan';
import { ENDPOINTS } from './phones';

/** The office's hints, as `exten => 101,hint,PJSIP/101` in extensions.conf's `[from-internal]`. */
export const HINT_CONTEXT = 'from-internal';

/**
 * Every hint of the dialplan: the office's phones, and the captures' `exten => 100,hint,Custom:ext100`
 * in `[demo]`.
 */
export const HINTS: readonly Hint[] = [
  ...ENDPOINTS.map((e) => officeHint(e.id, HINT_CONTEXT)),
  parseHint('100', 'demo', 'Custom:ext100'),
];

/** The dialplan of the captures' `demo` context plus the office's `from-internal`. */
export const DEMO_DIALPLAN: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  '100': [
    ['Answer', ''],
    ['Wait', '600'],
    ['Hangup', ''],
  ],
  '200': [
    ['Answer', ''],
    ['Echo', ''],
    ['Hangup', ''],
  ],
  // The feature captures' bridged calls (config/features/extensions.conf): the caller side may
  // transfer (*2), and 110 answers with a tone so audiohooks see frames.
  '110': [
    ['Answer', ''],
    ['Milliwatt', ''],
    ['Hangup', ''],
  ],
  '400': [
    ['Set', 'FEATUREMAP(atxfer)=*2'],
    ['Set', 'FEATURE(transferannouncesound)='],
    ['Dial', 'Local/100@demo,,tT'],
    ['Hangup', ''],
  ],
  '410': [
    ['Set', 'FEATUREMAP(atxfer)=*2'],
    ['Set', 'FEATURE(transferannouncesound)='],
    ['Dial', 'Local/110@demo,,tT'],
    ['Hangup', ''],
  ],
  '800': [
    ['Answer', ''],
    ['ConfBridge', '800'],
    ['Hangup', ''],
  ],
  // The queue captures' caller (20d, 20j): Queue() runs in electron/demo/queues (queue-app.ts).
  '300': [
    ['Answer', ''],
    ['Queue', 'support'],
    ['Hangup', ''],
  ],
};

/** app_dial's variables, cleared when Dial starts (23f, 27a). */
export const DIAL_VARIABLES = [
  'DIALSTATUS',
  'DIALEDPEERNUMBER',
  'DIALEDPEERNAME',
  'ANSWEREDTIME',
  'ANSWEREDTIME_MS',
  'DIALEDTIME',
  'DIALEDTIME_MS',
  'RINGTIME',
  'RINGTIME_MS',
  'PROGRESSTIME',
  'PROGRESSTIME_MS',
] as const;

/** The office's own applications in `[from-internal]` besides its phones: 200 is the echo test. */
export const FROM_INTERNAL_DIALPLAN: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  '200': DEMO_DIALPLAN['200'] as ReadonlyArray<readonly [string, string]>,
  // The softphone's test numbers (electron/demo/sip): 600 echoes, 601 plays a tone.
  '600': [
    ['Answer', ''],
    ['Echo', ''],
    ['Hangup', ''],
  ],
  '601': [
    ['Answer', ''],
    ['Playtones', '425'],
    ['Wait', '3600'],
  ],
  // The office's meeting room (electron/demo/conferences): a call sent here joins it.
  '900': [
    ['Answer', ''],
    ['ConfBridge', '900'],
    ['Hangup', ''],
  ],
};

/** The applications an extension runs, when it is one of the dialplan's own (not a phone). */
export function dialplanOf(
  context: string,
  exten: string,
): ReadonlyArray<readonly [string, string]> | undefined {
  const table =
    context === 'demo' ? DEMO_DIALPLAN : context === HINT_CONTEXT ? FROM_INTERNAL_DIALPLAN : undefined;
  return table && Object.hasOwn(table, exten) ? table[exten] : undefined;
}

/** Whether `exten@context` exists in the demo's dialplan (what Originate checks before dialing). */
export function extensionExists(context: string, exten: string): boolean {
  return (
    dialplanOf(context, exten) !== undefined ||
    (context === HINT_CONTEXT && ENDPOINTS.some((e) => e.id === exten)) ||
    isParkingExtension(context, exten)
  );
}
