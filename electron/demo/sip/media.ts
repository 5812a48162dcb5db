/**
 * The demo's end of a softphone call's audio, through werift (pure TypeScript WebRTC: ICE and
 * DTLS-SRTP): it answers an offer or makes one, echoes what it hears or plays a tone, reads RFC
 * 4733 telephone-events, and counts RTP bytes each way. Host candidates on 127.0.0.1 only.
 */
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RtpHeader,
  RtpPacket,
  type RTCRtpTransceiver,
} from 'werift';
import type { TelephoneEvent } from './dtmf';
import { parseTelephoneEvent, toneFrame } from './dtmf';
import { loopbackOnly, telephoneEventTypes } from './sdp';

/** 600 sends back what it receives; 601, the office's phones and incoming calls play a tone. */
export type MediaMode = 'echo' | 'tone';

const GATHER_TIMEOUT_MS = 5_000;
const TELEPHONE_EVENT_PT = 101;

const codecs = (mode: MediaMode): RTCRtpCodecParameters[] => [
  // Echo sends back the very payloads it gets, so it can take Opus; a tone is made here as G.711.
  ...(mode === 'echo'
    ? [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 111 })]
    : []),
  new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 }),
  new RTCRtpCodecParameters({
    mimeType: 'audio/telephone-event',
    clockRate: 8000,
    channels: 1,
    payloadType: TELEPHONE_EVENT_PT,
  }),
];

function peer(mode: MediaMode): RTCPeerConnection {
  return new RTCPeerConnection({
    codecs: { audio: codecs(mode) },
    iceUseIpv6: false,
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceFilterCandidatePair: (pair) =>
      pair.localCandidate.host === '127.0.0.1' && pair.remoteCandidate.host === '127.0.0.1',
    // A browser's checks from its other addresses reach 127.0.0.1 too (Linux routes them over lo):
    // unanswered, they cannot become the pair, so both ends of the media are 127.0.0.1.
    iceFilterStunResponse: (_message, address) => address[0] === '127.0.0.1',
  });
}

async function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, GATHER_TIMEOUT_MS);
    pc.iceGatheringStateChange.subscribe((state) => {
      if (state !== 'complete') return;
      clearTimeout(timer);
      resolve();
    });
  });
}

export interface MediaListener {
  /**
   * One telephone-event packet (RFC 4733 sends each event several times; the caller dedupes);
   * `clockRate` gives its duration's unit.
   */
  dtmf(event: TelephoneEvent, timestamp: number, clockRate: number): void;
}

export class MediaSession {
  private readonly track = new MediaStreamTrack({ kind: 'audio' });
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  private samples = 0;
  private eventTypes = new Map<number, number>([[TELEPHONE_EVENT_PT, 8000]]);
  /** While held the softphone is not listening (sendonly/inactive): nothing is sent. */
  held = false;
  bytesIn = 0;
  bytesOut = 0;

  private constructor(
    private readonly pc: RTCPeerConnection,
    private readonly mode: MediaMode,
    private readonly listener: MediaListener,
  ) {
    // Before any description: werift tells a remote track while it applies the offer.
    pc.onTrack.subscribe((remote) => {
      remote.onReceiveRtp.subscribe((rtp) => this.received(rtp));
    });
  }

  /** Answers a softphone's offer: the SDP answer (complete, loopback candidates) and the session. */
  static async answer(
    offer: string,
    mode: MediaMode,
    listener: MediaListener,
  ): Promise<{ session: MediaSession; sdp: string }> {
    const pc = peer(mode);
    const session = new MediaSession(pc, mode, listener);
    session.eventTypes = telephoneEventTypes(offer);
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    for (const t of pc.getTransceivers()) session.attach(t);
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    return { session, sdp: loopbackOnly(pc.localDescription?.sdp ?? '') };
  }

  /** Offers audio to the softphone (an incoming call): the session and its SDP offer. */
  static async offer(
    mode: MediaMode,
    listener: MediaListener,
  ): Promise<{ session: MediaSession; sdp: string }> {
    const pc = peer(mode);
    const session = new MediaSession(pc, mode, listener);
    session.attach(pc.addTransceiver('audio', { direction: 'sendrecv' }));
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    return { session, sdp: loopbackOnly(pc.localDescription?.sdp ?? '') };
  }

  /** The softphone's answer to offer(). */
  async accept(answer: string): Promise<void> {
    for (const [pt, clock] of telephoneEventTypes(answer)) this.eventTypes.set(pt, clock);
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answer });
  }

  private attach(t: RTCRtpTransceiver): void {
    t.setDirection('sendrecv');
    void t.sender.replaceTrack(this.track);
  }

  private received(rtp: RtpPacket): void {
    this.bytesIn += rtp.payload.length;
    const clock = this.eventTypes.get(rtp.header.payloadType);
    if (clock !== undefined) {
      const event = parseTelephoneEvent(rtp.payload);
      if (event) this.listener.dtmf(event, rtp.header.timestamp, clock);
      return;
    }
    if (this.mode !== 'echo' || this.held) return;
    const header = new RtpHeader({
      payloadType: rtp.header.payloadType,
      sequenceNumber: rtp.header.sequenceNumber,
      timestamp: rtp.header.timestamp,
      marker: rtp.header.marker,
    });
    this.send(new RtpPacket(header, rtp.payload));
  }

  private send(rtp: RtpPacket): void {
    this.bytesOut += rtp.payload.length;
    this.track.writeRtp(rtp);
  }

  /** Starts the tone (tone mode); echo needs nothing, it answers what arrives. */
  start(): void {
    if (this.mode !== 'tone' || this.timer) return;
    this.timer = setInterval(() => {
      if (this.held) return;
      const header = new RtpHeader({
        payloadType: 0,
        sequenceNumber: this.seq++ & 0xffff,
        timestamp: this.samples >>> 0,
        marker: this.seq === 1,
      });
      this.send(new RtpPacket(header, toneFrame(this.samples)));
      this.samples += 160;
    }, 20);
    this.timer.unref();
  }

  private closed = false;

  /** Stops the tone and closes the peer connection; a second call does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pc.close().catch(() => undefined);
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
