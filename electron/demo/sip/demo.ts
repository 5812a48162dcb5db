/**
 * The softphone side as one piece for the demo server: the SIP service for 101 with its account,
 * and the office phones that call the operator now and then when asked to.
 */
import type { Office } from '../office';
import type { TrafficLevel } from '../traffic';
import type { DemoSip, DemoSipAccount, DemoSipOptions } from './api';
import { DEFAULT_SIP_PASSWORD, ECHO_EXTEN, SIP_REALM, SIP_USER, TONE_EXTEN } from './api';
import { SipService } from './service';

/** How often an office phone calls the operator's softphone for a traffic level (0: never). */
export function ringEveryForTraffic(level: TrafficLevel): number {
  return level === 'lively' ? 90 : level === 'calm' ? 240 : 0;
}

/** How to register a softphone by hand, for the CLI's and the preview's banners. */
export function softphoneLines(sip: DemoSipAccount): string[] {
  return [
    `Softphone (SIP over WebSocket, subprotocol sip): ${sip.url}`,
    `  ${sip.uri}, user ${sip.user} / ${sip.password}, realm ${sip.realm}; ${ECHO_EXTEN} echoes, ${TONE_EXTEN} plays a tone`,
  ];
}

/** Office phones that call the operator, in turn. */
const CALLERS = ['102', '103', '104', '105'];

export interface DemoSipSide {
  readonly service: SipService;
  readonly sip: DemoSip;
  /** The timers of the calls to the operator (none unless ringEverySeconds); the server stops them. */
  startTimers(): NodeJS.Timeout[];
}

/** `wsUrl` gives `ws://127.0.0.1:<port>/asterisk/ws` once the server listens. */
export function createDemoSip(
  options: DemoSipOptions = {},
  office: () => Office,
  wsUrl: () => string,
): DemoSipSide {
  const password = options.password ?? DEFAULT_SIP_PASSWORD;
  const service = new SipService({
    credentials: { user: SIP_USER, password, realm: SIP_REALM },
    office,
    url: wsUrl,
  });
  const sip: DemoSip = {
    get url() {
      return wsUrl();
    },
    uri: `sip:${SIP_USER}@127.0.0.1`,
    user: SIP_USER,
    password,
    realm: SIP_REALM,
    ...service.view(),
  };
  let turn = 0;
  return {
    service,
    sip,
    startTimers() {
      const every = options.ringEverySeconds ?? 0;
      if (every <= 0) return [];
      const timer = setInterval(() => {
        // The next of the callers that is free now (a busy phone does not call anyone).
        const office = service.currentOffice();
        for (let i = 0; i < CALLERS.length; i++) {
          const from = CALLERS[turn++ % CALLERS.length] as string;
          if (office.deviceState(`PJSIP/${from}`) !== 'NOT_INUSE') continue;
          void service.ring(from).catch(() => undefined);
          break;
        }
      }, every * 1000);
      timer.unref();
      return [timer];
    },
  };
}
