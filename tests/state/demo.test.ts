/**
 * The reducer against the demo PBX over real HTTP on 127.0.0.1: the board reduced from the WaitEvent
 * stream must equal a fresh snapshot from CoreShowChannels + BridgeList.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { get, type AmiMessage } from '../../shared/ami';
import { EMPTY_BOARD, type BoardSnapshot } from '../../shared/model';
import { parseRawman } from '../../electron/ajam/rawman';
import { startDemoPbx } from '../../electron/demo/server';
import type { DemoPbx } from '../../electron/demo/api';
import { reduceEvents } from '../../electron/state/channels';
import { buildBoard, resyncBoard } from '../../electron/state/snapshot';
import { boardProblems, listedView } from './helpers';

/** A minimal rawman session: login by POST (no secret in a URL), then GET actions with the cookie. */
class Rawman {
  #cookie = '';
  constructor(readonly base: string) {}

  async #request(url: string, init: RequestInit = {}): Promise<AmiMessage[]> {
    const response = await fetch(url, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string>),
        ...(this.#cookie ? { Cookie: `mansession_id="${this.#cookie}"` } : {}),
      },
    });
    const cookie = /mansession_id="([0-9a-f]+)"/.exec(response.headers.get('set-cookie') ?? '')?.[1];
    if (!this.#cookie && cookie) this.#cookie = cookie;
    const parsed = parseRawman(new Uint8Array(await response.arrayBuffer()));
    if (parsed.error) throw new Error(`rawman: ${parsed.error.reason}`);
    return parsed.messages;
  }

  async login(user: string, secret: string): Promise<void> {
    const [reply] = await this.#request(`${this.base}/rawman`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'Login', username: user, secret }).toString(),
    });
    if (!reply || get(reply, 'Response') !== 'Success')
      throw new Error(`login failed: ${reply ? get(reply, 'Message') : 'no reply'}`);
  }

  action(name: string, fields: Record<string, string> = {}): Promise<AmiMessage[]> {
    return this.#request(
      `${this.base}/rawman?${new URLSearchParams({ action: name, ...fields }).toString()}`,
    );
  }

  /** One WaitEvent: its events, without the Response block and WaitEventComplete. */
  async waitEvent(timeoutSeconds: number): Promise<AmiMessage[]> {
    const messages = await this.action('WaitEvent', { Timeout: String(timeoutSeconds) });
    return messages.filter((m) => get(m, 'Event') !== undefined && get(m, 'Event') !== 'WaitEventComplete');
  }

  async lists(): Promise<{ channels: AmiMessage[]; bridges: AmiMessage[] }> {
    const items = (messages: AmiMessage[], event: string): AmiMessage[] =>
      messages.filter((m) => get(m, 'Event') === event);
    return {
      channels: items(await this.action('CoreShowChannels', { ActionID: 'csc' }), 'CoreShowChannel'),
      bridges: items(await this.action('BridgeList', { ActionID: 'bl' }), 'BridgeListItem'),
    };
  }
}

/** Reads every queued event until a WaitEvent comes back empty (bounded: the demo is quiet then). */
async function drain(ami: Rawman, board: BoardSnapshot): Promise<{ board: BoardSnapshot; events: number }> {
  let events = 0;
  for (let i = 0; i < 30; i++) {
    const batch = await ami.waitEvent(1);
    if (batch.length === 0) return { board, events };
    events += batch.length;
    board = reduceEvents(board, batch, Date.now());
  }
  throw new Error('the demo PBX kept sending events after 30 WaitEvents');
}

let pbx: DemoPbx | undefined;
afterEach(async () => {
  await pbx?.close();
  pbx = undefined;
});

describe('reducer vs the demo PBX over HTTP', () => {
  it('reduces the WaitEvent stream from the start to what CoreShowChannels + BridgeList say', async () => {
    pbx = await startDemoPbx({ calls: 0, callsPerSecond: 0, seed: 7, failedLoginDelayMs: 10 });
    const ami = new Rawman(pbx.url);
    await ami.login('admin', '12345');
    let state = await drain(ami, EMPTY_BOARD);
    // Drive the office through ring, answer, bridge, hold and hangup, checking after each step.
    for (let round = 0; round < 6; round++) {
      if (round < 3) pbx.office.placeCall();
      pbx.office.step();
      state = await drain(ami, state.board);
      expect(boardProblems(state.board)).toEqual([]);
      const lists = await ami.lists();
      const fresh = buildBoard(lists, Date.now());
      expect(listedView(state.board), `round ${round}`).toEqual(listedView(fresh));
      expect(Object.keys(state.board.channels).length).toBe(pbx.office.channels().length);
      for (const [id, channel] of Object.entries(state.board.channels)) {
        expect(Math.abs((fresh.channels[id]?.startedAt ?? 0) - channel.startedAt)).toBeLessThanOrEqual(2000);
      }
    }
    expect(state.events).toBeGreaterThan(0);
  });

  it('starts from a snapshot with calls already up, then follows events to the same board', async () => {
    pbx = await startDemoPbx({ calls: 3, callsPerSecond: 0, seed: 11, failedLoginDelayMs: 10 });
    const ami = new Rawman(pbx.url);
    await ami.login('admin', '12345');
    const before = await ami.lists();
    expect(before.channels.length).toBeGreaterThan(0);
    let board = buildBoard(before, Date.now());
    // Events queued since login are older than the lists: replaying them must not break anything.
    board = (await drain(ami, board)).board;
    pbx.office.placeCall();
    pbx.office.step();
    pbx.office.step();
    board = (await drain(ami, board)).board;
    const after = await ami.lists();
    expect(listedView(board)).toEqual(listedView(buildBoard(after, Date.now())));
    // A resync with the same lists changes nothing that the lists can tell.
    expect(listedView(resyncBoard(board, after, Date.now()))).toEqual(listedView(board));
  });
});
