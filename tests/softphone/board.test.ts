/**
 * The console's board follows the softphone's calls: the AMI events the demo sends for them, read
 * over HTTP and reduced as the console reduces them, give at every step the board a fresh
 * CoreShowChannels + BridgeList gives, and show the softphone's hold.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { get, type AmiMessage } from '../../shared/ami';
import { EMPTY_BOARD, type BoardSnapshot } from '../../shared/model';
import { parseRawman } from '../../electron/ajam/rawman';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { header, uriOf } from '../../electron/demo/sip/message';
import { reduceEvents } from '../../electron/state/channels';
import { buildBoard } from '../../electron/state/snapshot';
import { request, get as httpGet, login } from '../wire/replay';
import { boardProblems, listedView } from '../state/helpers';
import { SipClient, TestMedia } from './client';

let pbx: DemoPbx | null = null;
const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await pbx?.close();
  pbx = null;
});

async function rawman(port: number, id: string, query: string): Promise<AmiMessage[]> {
  const response = await request(port, httpGet(`rawman?${query}`, id));
  const body = response.subarray(response.indexOf('\r\n\r\n') + 4);
  const parsed = parseRawman(new Uint8Array(body));
  if (parsed.error) throw new Error(parsed.error.reason);
  return parsed.messages;
}

/** Every queued event into the board (a WaitEvent that returns at once, until it brings none). */
async function follow(port: number, id: string, board: BoardSnapshot): Promise<BoardSnapshot> {
  for (let i = 0; i < 20; i++) {
    const events = (await rawman(port, id, 'action=WaitEvent&Timeout=0')).filter(
      (m) => get(m, 'Event') !== undefined && get(m, 'Event') !== 'WaitEventComplete',
    );
    if (events.length === 0) return board;
    board = reduceEvents(board, events, Date.now());
  }
  throw new Error('events kept coming');
}

async function listed(port: number, id: string): Promise<BoardSnapshot> {
  const of = (ms: AmiMessage[], event: string): AmiMessage[] => ms.filter((m) => get(m, 'Event') === event);
  return buildBoard(
    {
      channels: of(await rawman(port, id, 'action=CoreShowChannels&ActionID=c'), 'CoreShowChannel'),
      bridges: of(await rawman(port, id, 'action=BridgeList&ActionID=b'), 'BridgeListItem'),
    },
    Date.now(),
  );
}

describe('the board follows the softphone', () => {
  it('a call from the softphone to an office phone: ringing, up, held, hung up, as the lists say', async () => {
    pbx = await startDemoPbx({ calls: 0, failedLoginDelayMs: 10 });
    const port = pbx.port;
    const id = await login(port, 'admin', '12345');
    let board = await follow(port, id, EMPTY_BOARD);
    const phone = await SipClient.connect(pbx.sip.url, pbx.sip.user, pbx.sip.password);
    closers.push(() => phone.close());
    expect((await phone.register()).final.status).toBe(200);
    const media = new TestMedia();
    closers.push(() => media.close());
    const offer = await media.offer();
    const challenge = await phone.challenge();
    const { callId } = phone.startInvite('104', offer, { challenge });
    await phone.next((m) => m.kind === 'response' && m.status === 180, '180 Ringing');
    board = await follow(port, id, board);
    expect(boardProblems(board)).toEqual([]);
    expect(listedView(board)).toEqual(listedView(await listed(port, id)));
    const ringing = Object.values(board.channels).map((c) => [c.channel.slice(0, 10), c.state]);
    expect(ringing.sort()).toEqual([
      ['PJSIP/101-', 'Ringing'],
      ['PJSIP/104-', 'Ringing'],
    ]);

    const ok = await phone.response(callId, 'INVITE');
    expect(ok.status).toBe(200);
    const dialog = {
      callId,
      localTag: '',
      remoteTag: '',
      cseq: 1,
      remoteTarget: uriOf(header(ok.headers, 'Contact') ?? ''),
      local: header(ok.headers, 'From') ?? '',
      remote: header(ok.headers, 'To') ?? '',
    };
    phone.send(phone.inDialog(dialog, 'ACK', [], '', 1));
    board = await follow(port, id, board);
    expect(listedView(board)).toEqual(listedView(await listed(port, id)));
    const up = Object.values(board.channels);
    expect(up.map((c) => c.state)).toEqual(['Up', 'Up']);
    expect(new Set(up.map((c) => c.bridgeId)).size).toBe(1);

    const held = await phone.transact(
      dialog,
      'INVITE',
      [['Content-Type', 'application/sdp']],
      offer.replace('a=sendrecv', 'a=sendonly'),
    );
    expect(held.status).toBe(200);
    board = await follow(port, id, board);
    const mine = Object.values(board.channels).find((c) => c.channel.startsWith('PJSIP/101-'));
    expect(mine?.onHold).toBe(true);

    expect((await phone.transact(dialog, 'BYE')).status).toBe(200);
    board = await follow(port, id, board);
    expect(Object.keys(board.channels)).toEqual([]);
    expect(listedView(board)).toEqual(listedView(await listed(port, id)));
  });
});
