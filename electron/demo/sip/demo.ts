/**
 * The softphone side as one piece for the demo server: the SIP service for 101 with its account,
 * and the office phones that call the operator now and then when asked to.
 */
import type { Office } from '../office';
import type { DemoSip, DemoSipOptions } from './api';
import { DEFAULT_SIP_PASSWORD, SIP_REALM, SIP_USER } from './api';
import { SipService } from './service';

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
        void service.ring(CALLERS[turn++ % CALLERS.length]);
      }, every * 1000);
      timer.unref();
      return [timer];
    },
  };
}
