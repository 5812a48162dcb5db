/**
 * The softphone: JsSIP registered to Asterisk's PJSIP over WebSocket, WebRTC audio, the ringtone and
 * the level meters. Decisions live in logic.ts; this file turns JsSIP's and WebRTC's events into
 * $state the components show, and the components' clicks into SIP.
 *
 * The SIP password comes from main (`softphone:credentials`) only when registering and is handed
 * to JsSIP without being kept here. Other features (the switchboard grid, the dial panel) call
 * `call(number)`; controls that Originate on the operator's phone call `expectAutoAnswer(requestId)`
 * so the call they ring here answers by itself.
 */
import { UA, WebSocketInterface } from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { IncomingRequest } from 'jssip/lib/SIPMessage';
import type { RTCSessionEvent } from 'jssip/lib/UA';
import type { AjamApi } from '../../../shared/ipc';
import type { Notice } from '../../../shared/notices';
import { AUTO_ANSWER_HEADER, type IceServer } from '../../../shared/softphone';
import { PhoneAudio } from './audio';
import {
  alertTone,
  AutoAnswerBook,
  callerOf,
  canPlaceCall,
  dialTarget,
  isEstablished,
  nextPhase,
  probeUrlFor,
  registrationProblem,
  socketProblem,
  type CallEvent,
  type CallPhase,
  type DtmfKey,
  type RegistrationProblem,
} from './logic';

/** - off: never tried (or no session).   - unconfigured: main has no SIP account for this session. */
export type RegistrationState =
  'off' | 'unconfigured' | 'registering' | 'registered' | 'failed' | 'unregistered';

/** What the store tells the operator in passing (toasts), worded by the component layer. */
export type PhoneMessage =
  | {
      readonly kind: 'call-failed';
      readonly number: string;
      readonly cause: string;
      readonly status?: number;
    }
  | { readonly kind: 'transfer-failed'; readonly number: string; readonly cause: string }
  | { readonly kind: 'transferred'; readonly number: string }
  | { readonly kind: 'no-microphone'; readonly detail: string }
  | { readonly kind: 'incoming'; readonly name: string; readonly number: string };

export interface PhoneHooks {
  readonly message?: (message: PhoneMessage) => void;
}

let callSequence = 0;

export class PhoneCall {
  readonly id = `call-${++callSequence}`;
  phase = $state<CallPhase>('dialing');
  muted = $state(false);
  /** When it was answered (epoch ms), for the timer. */
  answeredAt = $state<number | undefined>(undefined);
  /** The header naming an Originate this window may not have heard of yet (see AutoAnswerBook). */
  pendingAutoAnswer: string | undefined;
  /** Answered by itself (a click-to-dial or spy the console started). */
  autoAnswered = $state(false);
  readonly audio: HTMLAudioElement;
  remoteStream: MediaStream | undefined;
  localStream: MediaStream | undefined;

  constructor(
    readonly direction: 'in' | 'out',
    readonly number: string,
    readonly name: string,
    readonly session: RTCSession,
  ) {
    this.phase = direction === 'in' ? 'incoming' : 'dialing';
    this.audio = document.createElement('audio');
    this.audio.autoplay = true;
  }

  get label(): string {
    return this.name ? `${this.name} <${this.number}>` : this.number;
  }
}

export class Softphone {
  state = $state<RegistrationState>('off');
  /** Why the last registration failed. */
  problem = $state<RegistrationProblem | undefined>(undefined);
  /** The SIP answer behind `problem` (`401 Unauthorized`), verbatim. */
  problemDetail = $state<string | undefined>(undefined);
  /** Main's reason when it has no account to give (worded by the catalog's notices). */
  accountNotice = $state.raw<Notice | undefined>(undefined);
  /** The registered user, e.g. `101`. */
  user = $state('');
  calls = $state<PhoneCall[]>([]);
  inputs = $state.raw<MediaDeviceInfo[]>([]);
  outputs = $state.raw<MediaDeviceInfo[]>([]);
  /** Chosen devices ('' = the system default). */
  inputId = $state('');
  outputId = $state('');
  micLevel = $state(0);
  remoteLevel = $state(0);
  /** The tone sounding now: the ringtone, or the call-waiting beep while on another call. */
  alert = $state<'ring' | 'waiting' | undefined>(undefined);

  readonly #api: AjamApi;
  readonly #hooks: PhoneHooks;
  readonly #audio = new PhoneAudio();
  readonly #autoAnswer = new AutoAnswerBook();
  #ua: UA | undefined;
  #domain = '';
  #wsUrl = '';
  #iceServers: readonly IceServer[] = [];
  #meterTimer: ReturnType<typeof setInterval> | undefined;
  #meters: {
    mic?: { read(): number; close(): void };
    remote?: { read(): number; close(): void };
    of?: PhoneCall;
  } = {};
  /** Bumped by every register/stop, so events of an older UA are ignored. */
  #generation = 0;

  constructor(api: AjamApi, hooks: PhoneHooks = {}) {
    this.#api = api;
    this.#hooks = hooks;
  }

  get registered(): boolean {
    return this.state === 'registered';
  }

  get liveCalls(): PhoneCall[] {
    return this.calls.filter((call) => call.phase !== 'ended');
  }

  /** Whether `call()` would start a call now (registered, nobody else talking). */
  get canCall(): boolean {
    return this.registered && canPlaceCall(this.calls.map((c) => c.phase));
  }

  // -------------------------------------------------------------------------------------------
  // Registration
  // -------------------------------------------------------------------------------------------

  /** Asks main for the session's SIP account and registers with it. */
  async register(): Promise<void> {
    this.#teardown();
    const generation = ++this.#generation;
    this.state = 'registering';
    this.problem = undefined;
    this.problemDetail = undefined;
    this.accountNotice = undefined;
    const result = await this.#api.softphoneCredentials();
    if (generation !== this.#generation) return;
    if (!result.ok) {
      this.accountNotice = result.error.notice;
      if (result.error.code === 'unavailable' || result.error.code === 'not-connected') {
        this.state = 'unconfigured';
      } else {
        this.state = 'failed';
        this.problem = 'no-account';
      }
      return;
    }
    const account = result.value;
    this.user = account.user;
    this.#domain = account.domain;
    this.#wsUrl = account.wsUrl;
    this.#iceServers = account.iceServers;
    let opened = false;
    const socket = new WebSocketInterface(account.wsUrl);
    const ua = new UA({
      sockets: [socket],
      uri: `sip:${account.user}@${account.domain}`,
      authorization_user: account.user,
      password: account.password,
      register: true,
      register_expires: 300,
      session_timers: false,
      user_agent: 'AJAM Console',
      connection_recovery_min_interval: 2,
      connection_recovery_max_interval: 30,
    });
    this.#ua = ua;
    const mine = (): boolean => generation === this.#generation;
    ua.on('connected', () => {
      opened = true;
    });
    ua.on('disconnected', () => {
      if (!mine() || opened || this.state !== 'registering') return;
      // The WebSocket never opened: say whether TLS is why, then stop retrying.
      void this.#socketFailed(generation);
    });
    ua.on('registered', () => {
      if (!mine()) return;
      this.state = 'registered';
      this.problem = undefined;
      this.problemDetail = undefined;
    });
    ua.on('unregistered', () => {
      if (mine() && this.state === 'registered') this.state = 'unregistered';
    });
    ua.on('registrationFailed', (event) => {
      if (!mine()) return;
      const status = event.response?.status_code;
      this.problem = registrationProblem(event.cause, status);
      this.problemDetail = status ? `${status} ${event.response.reason_phrase}` : event.cause;
      this.state = 'failed';
      if (this.problem === 'auth') this.#teardown();
    });
    ua.on('newRTCSession', (event: RTCSessionEvent) => {
      if (!mine() || event.originator !== 'remote') return;
      this.#incoming(event.session, event.request as IncomingRequest);
    });
    ua.start();
  }

  async #socketFailed(generation: number): Promise<void> {
    const wsUrl = this.#wsUrl;
    this.#teardown();
    const probeUrl = probeUrlFor(wsUrl);
    let probe: { reachable: boolean; trustedBySystem: boolean } | undefined;
    if (probeUrl) {
      const result = await this.#api.probeCertificate({ url: probeUrl });
      probe = result.ok
        ? { reachable: true, trustedBySystem: result.value.trustedBySystem }
        : { reachable: result.error.code === 'tls', trustedBySystem: false };
    }
    if (generation !== this.#generation) return;
    this.problem = socketProblem(wsUrl, probe);
    this.problemDetail = wsUrl;
    this.state = 'failed';
  }

  /** Unregisters and hangs up every call. */
  unregister(): void {
    this.#generation++;
    this.#teardown();
    this.state = 'unregistered';
  }

  /** The session ended (disconnect): forget everything, including the account. */
  stop(): void {
    this.#generation++;
    this.#teardown();
    this.state = 'off';
    this.problem = undefined;
    this.accountNotice = undefined;
    this.user = '';
  }

  #teardown(): void {
    const ua = this.#ua;
    this.#ua = undefined;
    for (const call of this.calls) this.#end(call);
    this.calls = [];
    this.#audio.alert(undefined);
    this.alert = undefined;
    this.#stopMeters();
    if (ua) {
      ua.removeAllListeners();
      try {
        ua.stop();
      } catch {
        // Already stopped.
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Calls
  // -------------------------------------------------------------------------------------------

  #uri(target: string): string {
    return `sip:${target}@${this.#domain}`;
  }

  #mediaOptions() {
    const audio: MediaTrackConstraints | boolean = this.inputId
      ? { deviceId: { exact: this.inputId } }
      : true;
    return {
      mediaConstraints: { audio, video: false },
      pcConfig: { iceServers: this.#iceServers.map((server) => ({ ...server })) },
      rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
    };
  }

  /** Calls a number or extension from this softphone. False when it cannot now (not registered, a call is talking). */
  call(number: string): boolean {
    const target = dialTarget(number);
    const ua = this.#ua;
    if (!target || !ua || !this.canCall) return false;
    // JsSIP makes the peer connection inside ua.call(), before the call object below exists.
    const pending: { call?: PhoneCall; pc?: RTCPeerConnection } = {};
    const session = ua.call(this.#uri(target), {
      ...this.#mediaOptions(),
      eventHandlers: {
        peerconnection: (event) => {
          if (pending.call) this.#watchConnection(pending.call, event.peerconnection);
          else pending.pc = event.peerconnection;
        },
      },
    });
    const call = new PhoneCall('out', target, '', session);
    pending.call = call;
    const pc = pending.pc ?? session.connection;
    if (pc) this.#watchConnection(call, pc);
    this.#track(call);
    return true;
  }

  /** Calls 600 (Asterisk's echo test in the demo and in many dialplans): hear yourself back. */
  testCall(): boolean {
    return this.call('600');
  }

  #incoming(session: RTCSession, request: IncomingRequest): void {
    const identity = session.remote_identity;
    const { name, number } = callerOf(identity.display_name, identity.uri.user);
    const call = new PhoneCall('in', number, name, session);
    session.on('peerconnection', (event) => this.#watchConnection(call, event.peerconnection));
    this.#track(call);
    const verdict = this.#autoAnswer.claim(request.getHeader(AUTO_ANSWER_HEADER) || undefined, Date.now());
    if (verdict === 'answer') {
      call.autoAnswered = true;
      this.answer(call.id);
      return;
    }
    if (verdict === 'wait') call.pendingAutoAnswer = request.getHeader(AUTO_ANSWER_HEADER);
    this.#afterChange();
    this.#hooks.message?.({ kind: 'incoming', name, number });
  }

  /** An Originate this window queued on the operator's phone: its call here answers by itself. */
  expectAutoAnswer(requestId: string): void {
    this.#autoAnswer.expect(requestId, Date.now());
    const waiting = this.calls.find((c) => c.phase === 'incoming' && c.pendingAutoAnswer === requestId);
    if (waiting && this.#autoAnswer.claim(requestId, Date.now()) === 'answer') {
      waiting.autoAnswered = true;
      this.answer(waiting.id);
    }
  }

  #track(call: PhoneCall): void {
    this.calls = [...this.calls, call];
    const { session } = call;
    const on = (event: CallEvent): void => {
      call.phase = nextPhase(call.phase, event);
      if (call.phase === 'active' && call.answeredAt === undefined) call.answeredAt = Date.now();
      this.#afterChange();
    };
    session.on('progress', () => on('progress'));
    session.on('accepted', () => on('accepted'));
    session.on('confirmed', () => on('confirmed'));
    session.on('hold', (event) => {
      if (event.originator === 'local') on('hold');
    });
    session.on('unhold', (event) => {
      if (event.originator === 'local') on('unhold');
    });
    session.on('muted', () => (call.muted = true));
    session.on('unmuted', () => (call.muted = false));
    session.on('getusermediafailed', (error: unknown) => {
      this.#hooks.message?.({ kind: 'no-microphone', detail: String((error as Error)?.message ?? error) });
    });
    session.on('ended', () => {
      on('ended');
      this.#forget(call);
    });
    session.on('failed', (event) => {
      const wasOut = call.direction === 'out';
      on('failed');
      const status = event.message && 'status_code' in event.message ? event.message.status_code : undefined;
      // Our own hang-up or decline is no failure worth a word.
      if (wasOut && event.originator !== 'local') {
        this.#hooks.message?.({
          kind: 'call-failed',
          number: call.number,
          cause: event.cause,
          ...(status === undefined ? {} : { status }),
        });
      }
      this.#forget(call);
    });
  }

  #watchConnection(call: PhoneCall, pc: RTCPeerConnection): void {
    pc.addEventListener('track', (event) => {
      const stream = event.streams[0] ?? new MediaStream([event.track]);
      call.remoteStream = stream;
      call.audio.srcObject = stream;
      void this.#applySink(call.audio);
      this.#afterChange();
    });
  }

  #forget(call: PhoneCall): void {
    this.#end(call);
    this.calls = this.calls.filter((c) => c !== call);
    this.#afterChange();
  }

  #end(call: PhoneCall): void {
    call.audio.srcObject = null;
    if (!call.session.isEnded()) {
      try {
        call.session.terminate();
      } catch {
        // Ended meanwhile.
      }
    }
  }

  /**
   * Tones and meters follow the calls: ring while one rings unanswered (the call-waiting beep
   * instead while on another call), meter the talking one.
   */
  #afterChange(): void {
    // Called from JsSIP's event handlers: a throw here would abort the SIP transaction they belong to.
    try {
      this.#followCalls();
    } catch (error) {
      console.warn('softphone: ringtone or meters', error);
    }
  }

  #followCalls(): void {
    this.alert = alertTone(this.calls.map((c) => c.phase));
    this.#audio.alert(this.alert);
    const talking = this.calls.find((c) => c.phase === 'active' || c.phase === 'connecting');
    if (talking) this.#meter(talking);
    else this.#stopMeters();
  }

  #find(id: string): PhoneCall | undefined {
    return this.calls.find((c) => c.id === id);
  }

  answer(id: string): void {
    const call = this.#find(id);
    if (!call || call.phase !== 'incoming') return;
    // Answering while talking to someone else holds that call first, as a desk phone does.
    for (const other of this.calls) if (other !== call && other.phase === 'active') this.hold(other.id);
    call.phase = nextPhase(call.phase, 'answer');
    call.session.answer(this.#mediaOptions());
    this.#afterChange();
  }

  decline(id: string): void {
    const call = this.#find(id);
    if (!call || call.phase !== 'incoming') return;
    call.session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
  }

  hangup(id: string): void {
    const call = this.#find(id);
    if (!call) return;
    this.#end(call);
  }

  hold(id: string): void {
    const call = this.#find(id);
    if (call?.phase === 'active') call.session.hold();
  }

  unhold(id: string): void {
    const call = this.#find(id);
    if (call?.phase !== 'held') return;
    // Only one call talks at a time: resuming this one holds the other.
    for (const other of this.calls) if (other !== call && other.phase === 'active') this.hold(other.id);
    call.session.unhold();
  }

  toggleMute(id: string): void {
    const call = this.#find(id);
    if (!call || !isEstablished(call.phase)) return;
    if (call.muted) call.session.unmute({ audio: true });
    else call.session.mute({ audio: true });
  }

  /** A keypad digit as RFC 4733 telephone-event (RTP), which Asterisk's PJSIP expects by default. */
  dtmf(id: string, key: DtmfKey): void {
    const call = this.#find(id);
    if (call?.phase !== 'active') return;
    call.session.sendDTMF(key, { transportType: 'RFC2833' as never, duration: 120, interToneGap: 70 });
  }

  /** Blind transfer: REFER the far end to `number`; our leg ends when the PBX accepts. */
  transfer(id: string, number: string): boolean {
    const call = this.#find(id);
    const target = dialTarget(number);
    if (!call || !target || !isEstablished(call.phase)) return false;
    call.session.refer(this.#uri(target), {
      eventHandlers: {
        accepted: () => {
          this.#hooks.message?.({ kind: 'transferred', number: target });
          this.hangup(call.id);
        },
        failed: (event: { cause?: string }) =>
          this.#hooks.message?.({ kind: 'transfer-failed', number: target, cause: event.cause ?? '' }),
      },
    });
    return true;
  }

  /**
   * Attended transfer: the held call `heldId` is REFERred to the party of `otherId` with Replaces,
   * so the two talk to each other and both of our legs end.
   */
  attendedTransfer(heldId: string, otherId: string): boolean {
    const held = this.#find(heldId);
    const other = this.#find(otherId);
    if (!held || !other || held === other || !isEstablished(held.phase) || !isEstablished(other.phase)) {
      return false;
    }
    held.session.refer(other.session.remote_identity.uri, {
      replaces: other.session,
      eventHandlers: {
        accepted: () => {
          this.#hooks.message?.({ kind: 'transferred', number: other.number });
          this.hangup(held.id);
          this.hangup(other.id);
        },
        failed: (event: { cause?: string }) =>
          this.#hooks.message?.({ kind: 'transfer-failed', number: other.number, cause: event.cause ?? '' }),
      },
    });
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Devices and meters
  // -------------------------------------------------------------------------------------------

  /** Lists microphones and loudspeakers (labels appear once the microphone was allowed). */
  async loadDevices(): Promise<void> {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    const devices = await navigator.mediaDevices.enumerateDevices();
    this.inputs = devices.filter((d) => d.kind === 'audioinput');
    this.outputs = devices.filter((d) => d.kind === 'audiooutput');
  }

  /** A new microphone: live calls switch their sending track to it at once. */
  async setInput(deviceId: string): Promise<void> {
    this.inputId = deviceId;
    const live = this.calls.filter((c) => isEstablished(c.phase) || c.phase === 'connecting');
    if (live.length === 0) return;
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: deviceId ? { deviceId: { exact: deviceId } } : true,
      video: false,
    });
    const track = stream.getAudioTracks()[0];
    if (!track) return;
    for (const call of live) {
      const sender = call.session.connection?.getSenders().find((s) => s.track?.kind === 'audio');
      await sender?.replaceTrack(track);
      if (call.muted) track.enabled = false;
    }
    this.#stopMeters();
    this.#afterChange();
  }

  async setOutput(deviceId: string): Promise<void> {
    this.outputId = deviceId;
    for (const call of this.calls) await this.#applySink(call.audio);
  }

  async #applySink(audio: HTMLAudioElement): Promise<void> {
    // setSinkId is Chromium's (and Electron's); '' is the system default.
    const sinkable = audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    if (typeof sinkable.setSinkId !== 'function') return;
    await sinkable.setSinkId(this.outputId).catch(() => undefined);
  }

  #meter(call: PhoneCall): void {
    const meters = this.#meters;
    if (meters.of !== call) this.#stopMeters();
    this.#meters.of = call;
    // The transceiver's own tracks: a receiver's track outlives hold (a re-INVITE takes the remote
    // stream's track away and gives it back), so the meters need not follow renegotiations.
    const pc = call.session.connection;
    const senderTrack = pc?.getSenders().find((s) => s.track?.kind === 'audio')?.track;
    const receiverTrack = pc?.getReceivers().find((r) => r.track.kind === 'audio')?.track;
    try {
      if (!this.#meters.mic && senderTrack)
        this.#meters.mic = this.#audio.meter(new MediaStream([senderTrack]));
      if (!this.#meters.remote && receiverTrack) {
        this.#meters.remote = this.#audio.meter(new MediaStream([receiverTrack]));
      }
    } catch {
      // A meter is a nicety: never let it stand between the operator and the call.
    }
    // setInterval rather than animation frames: the meters keep moving in a background window.
    this.#meterTimer ??= setInterval(() => {
      const held = this.#meters.of?.phase === 'held';
      this.micLevel = held || this.#meters.of?.muted ? 0 : (this.#meters.mic?.read() ?? 0);
      this.remoteLevel = this.#meters.remote?.read() ?? 0;
    }, 100);
  }

  #stopMeters(): void {
    clearInterval(this.#meterTimer);
    this.#meterTimer = undefined;
    this.#meters.mic?.close();
    this.#meters.remote?.close();
    this.#meters = {};
    this.micLevel = 0;
    this.remoteLevel = 0;
  }
}
