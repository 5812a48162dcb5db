/**
 * rawman parsing (issue 13 goals 1, 2 and 6), on the event messages Asterisk really sent (see
 * rawman-corpus.ts), every figure over three runs against a baseline measured in the same run:
 *  1. throughput in 64 KiB chunks against `asterisk-manager`'s ManagerReader (≥ 10×) and a naive
 *     `split('\r\n\r\n')` + `split('\r\n')` parser building the same lines and fields (≥ 2×);
 *     beside it, informational, the same with every field of every message read;
 *  2. the app's own call path (readRawmanBody, as the session runs it on undici's chunks): µs per
 *     event at 50k events within 1.2× of 1k, keeping every message (a list action) and streaming
 *     (WaitEvent), and ≤ 1.5 KB of heap per kept event; beside them, informational, the parser alone
 *     with every message dropped (what keeping 50,000 fresh objects alive adds is the garbage
 *     collector's, not the parser's);
 *  3. one whole body of 10k / 50k events against ManagerReader, which runs in a child process
 *     under a time cap (its cost grows with the square of the body: "> cap", never extrapolated);
 *  4. informational: one long line whole and in pieces, and WaitEvent latency against the demo PBX.
 * No gc() inside or right before a timed run: collectGarbage() only around the heap figure.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import type { AmiMessage } from '../shared/ami';
import { createClient } from '../electron/ajam/client';
import { startDemoPbx } from '../electron/demo/server';
import { MAX_LINE_CHARS, RawmanParser } from '../electron/ajam/rawman';
import { readRawmanBody } from '../electron/ajam/rawman-body';
import { collectGarbage, overCap, repeat, spread, verdict } from './lib/figures';
import { capturedEvents, waitEventBody } from './rawman-corpus';
import { loadManagerReader, managerReaderCount, type ManagerReader } from './rawman-reader';

const here = dirname(fileURLToPath(import.meta.url));
const CHUNK = 64 * 1024;
/** ManagerReader on a whole 10k / 50k body gets this long before it is stopped. */
const CAP_MS = 60_000;

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function chunksOf(body: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) out.push(body.subarray(i, i + size));
  return out;
}

/** Median ms of `runs` calls of `fn` in a row (no gc between: that would bill a cold heap). */
function medianMs(runs: number, fn: () => unknown): number {
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return spread(samples).median;
}

// ---- the parsers compared ------------------------------------------------------------------

interface Plain {
  readonly lines: Array<[string, string]>;
  readonly fields: Record<string, string>;
}

/** The obvious parser: decode, cut messages at blank lines, lines at CRLF, keys at ': '. */
function naiveMessage(block: string): Plain {
  const lines: Array<[string, string]> = [];
  const fields = Object.create(null) as Record<string, string>;
  for (const line of block.split('\r\n')) {
    const i = line.indexOf(':');
    const key = i === -1 ? line : line.slice(0, i);
    const value = i === -1 ? '' : line.slice(line.charCodeAt(i + 1) === 32 ? i + 2 : i + 1);
    lines.push([key, value]);
    const k = key.toLowerCase();
    if (fields[k] === undefined) fields[k] = value;
  }
  return { lines, fields };
}

function naive(chunks: readonly Buffer[], keep?: Plain[]): number {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let n = 0;
  for (const chunk of chunks) {
    const blocks = (carry + decoder.write(chunk)).split('\r\n\r\n');
    carry = blocks.pop() ?? '';
    for (const block of blocks) {
      if (block === '') continue;
      const m = naiveMessage(block);
      keep?.push(m);
      n += 1;
    }
  }
  carry += decoder.end();
  if (carry !== '') {
    keep?.push(naiveMessage(carry));
    n += 1;
  }
  return n;
}

function ours(chunks: readonly Buffer[], read: (m: AmiMessage) => void = () => undefined): number {
  const parser = new RawmanParser();
  let n = 0;
  const take = (m: AmiMessage) => {
    read(m);
    n += 1;
  };
  for (const chunk of chunks) parser.push(chunk, take);
  for (const m of parser.end()) take(m);
  if (parser.error) throw new Error('the bench body failed to parse');
  return n;
}

const readEveryField = (m: AmiMessage): void => void m.fields;

/** The naive parser must build what ours does, or the comparison means nothing. */
function checkSameMessages(chunks: readonly Buffer[]): void {
  const theirs: Plain[] = [];
  naive(chunks, theirs);
  const mine: Plain[] = [];
  ours(chunks, (m) => mine.push({ lines: m.lines.map(([k, v]) => [k, v]), fields: { ...m.fields } }));
  const a = JSON.stringify(mine.map((m) => [m.lines, Object.entries(m.fields)]));
  const b = JSON.stringify(theirs.map((m) => [m.lines, Object.entries(m.fields)]));
  if (a !== b) throw new Error('the naive parser and rawman.ts disagree on the corpus');
}

// ---- 1. throughput, 64 KiB chunks ----------------------------------------------------------

async function throughput(lines: string[], verdicts: string[], reader: ManagerReader): Promise<void> {
  const events = 20_000;
  const body = waitEventBody(events);
  const chunks = chunksOf(body, CHUNK);
  checkSameMessages(chunks);
  const expected = events + 2;
  // Warm every side up once, and check they all see every message.
  for (const n of [ours(chunks), naive(chunks), managerReaderCount(reader, body, CHUNK)]) {
    if (n !== expected) throw new Error(`a parser found ${n} messages, expected ${expected}`);
  }
  const rows: Array<{ ours: number; full: number; naive: number; am: number }> = [];
  // Each run times every side in turn, so a burst of load from other processes hits them alike.
  await repeat(() => {
    const row = {
      ours: medianMs(7, () => ours(chunks)),
      full: medianMs(5, () => ours(chunks, readEveryField)),
      naive: medianMs(5, () => naive(chunks)),
      am: medianMs(3, () => managerReaderCount(reader, body, CHUNK)),
    };
    rows.push(row);
    return 0;
  });
  {
    const mb = body.length / 1e6;
    const rate = (ms: number) =>
      `${fmt(events / (ms / 1000)).padStart(11)} events/s ${fmt(mb / (ms / 1000), 1).padStart(7)} MB/s`;
    const med = (pick: (r: (typeof rows)[number]) => number) => spread(rows.map(pick)).median;
    lines.push(
      `Throughput: ${fmt(events)} captured events (${capturedEvents().length} distinct, repeated), ${fmt(mb, 1)} MB in 64 KiB chunks (median of 3 runs):`,
      `  rawman.ts                        ${rate(med((r) => r.ours))}`,
      `  rawman.ts, every field read      ${rate(med((r) => r.full))}`,
      `  naive split parser               ${rate(med((r) => r.naive))}`,
      `  asterisk-manager ManagerReader   ${rate(med((r) => r.am))}`,
    );
    verdicts.push(
      verdict(
        'rawman vs asterisk-manager, 64 KiB chunks',
        rows.map((r) => r.am / r.ours),
        { atLeast: 10 },
        '×',
      ),
      verdict(
        'rawman vs naive split parser, 64 KiB chunks',
        rows.map((r) => r.naive / r.ours),
        { atLeast: 2 },
        '×',
      ),
      verdict(
        'rawman with every field read vs naive split parser (informational)',
        rows.map((r) => r.naive / r.full),
        {},
        '×',
      ),
    );
  }
}

// ---- 2. the app's own call path ------------------------------------------------------------

async function* asBody(chunks: readonly Buffer[]): AsyncIterable<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

/** A list action's path: every message kept. */
const keepAll = (chunks: readonly Buffer[]) => readRawmanBody(asBody(chunks), 'WaitEvent');

/** The WaitEvent path: messages after the response handed on per chunk, as the event loop takes them. */
async function streamed(chunks: readonly Buffer[]): Promise<number> {
  let events = 0;
  await readRawmanBody(asBody(chunks), 'WaitEvent', {
    accept: () => true,
    deliver: (messages) => {
      for (const m of messages) if (m.fields['event'] !== 'WaitEventComplete') events += 1;
    },
  });
  return events;
}

async function appPath(lines: string[], verdicts: string[]): Promise<void> {
  const sizes: readonly number[] = [1_000, 10_000, 50_000];
  const bodies = new Map(sizes.map((n) => [n, chunksOf(waitEventBody(n), CHUNK)]));
  type Path = (chunks: readonly Buffer[]) => Promise<unknown>;
  // `parse`: the same parser, each message handed on and dropped unread, to tell the parser's own
  // cost per event from what keeping or reading the messages adds.
  const parseOnly: Path = (chunks) => Promise.resolve(ours(chunks));
  const paths: Record<'keep' | 'stream' | 'parse', Path> = {
    keep: keepAll,
    stream: streamed,
    parse: parseOnly,
  };
  // Events per sample: the kept path is so quick that a shorter sample is mostly noise here.
  const total = { keep: 200_000, stream: 50_000, parse: 200_000 };
  /** µs per event, one sample: the same events as bodies of `n` (200,000 = 200 bodies of 1k or 4 of 50k). */
  const sample = async (name: keyof typeof paths, n: number): Promise<number> => {
    const chunks = bodies.get(n)!;
    const t = performance.now();
    for (let i = 0; i < total[name] / n; i++) await paths[name](chunks);
    return ((performance.now() - t) * 1000) / total[name];
  };
  const names = ['keep', 'stream', 'parse'] as const;
  for (const name of names) for (const n of sizes) await sample(name, n);
  const perEvent = {
    keep: new Map<number, number[]>(),
    stream: new Map<number, number[]>(),
    parse: new Map<number, number[]>(),
  };
  const ratios = { keep: [] as number[], stream: [] as number[], parse: [] as number[] };
  await repeat(async () => {
    for (const name of names) {
      // Sizes interleaved, seven rounds, 1k beside 50k: a burst of load from other processes hits
      // both sides of a round's ratio alike.
      const rounds = new Map<number, number[]>(sizes.map((n) => [n, []]));
      const roundRatios: number[] = [];
      for (let round = 0; round < 7; round++) {
        for (const n of [1_000, 50_000, 10_000]) rounds.get(n)!.push(await sample(name, n));
        roundRatios.push(rounds.get(50_000)!.at(-1)! / rounds.get(1_000)!.at(-1)!);
      }
      for (const n of sizes) {
        const median = spread(rounds.get(n)!).median;
        perEvent[name].set(n, [...(perEvent[name].get(n) ?? []), median]);
      }
      ratios[name].push(spread(roundRatios).median);
    }
    return 0;
  });
  lines.push(
    '',
    "The app's call path, readRawmanBody on 64 KiB chunks (µs per event, median of 3 runs; each run's ratio the median of 7 interleaved rounds of 200,000 events kept or parsed, 50,000 streamed):",
  );
  for (const n of sizes) {
    lines.push(
      `  ${fmt(n).padStart(6)}-event bodies: every message kept ${fmt(spread(perEvent.keep.get(n)!).median, 2).padStart(6)} µs, streamed with the event loop's reads ${fmt(spread(perEvent.stream.get(n)!).median, 2).padStart(6)} µs, parsed and dropped ${fmt(spread(perEvent.parse.get(n)!).median, 2).padStart(6)} µs`,
    );
  }
  verdicts.push(
    verdict('app path, every message kept: µs/event at 50k ÷ at 1k', ratios.keep, { atMost: 1.2 }, '×'),
    verdict('app path, streamed WaitEvent: µs/event at 50k ÷ at 1k', ratios.stream, { atMost: 1.2 }, '×'),
    verdict('parser alone, messages dropped: µs/event at 50k ÷ at 1k (informational)', ratios.parse, {}, '×'),
  );

  // Heap kept per event: measured between two full collections, outside any timed region. The
  // chunks are fresh copies, as undici's are, so what the messages keep of them counts too.
  const n = 50_000;
  const kept: number[] = [];
  const external: number[] = [];
  const read: number[] = [];
  await repeat(async () => {
    collectGarbage();
    const before = process.memoryUsage();
    const chunks = bodies.get(n)!.map((c) => Buffer.from(c));
    const messages = await keepAll(chunks);
    chunks.length = 0;
    collectGarbage();
    const after = process.memoryUsage();
    for (const m of messages) readEveryField(m);
    collectGarbage();
    const afterRead = process.memoryUsage();
    if (messages.length !== n + 2) throw new Error('lost messages');
    kept.push((after.heapUsed - before.heapUsed) / messages.length / 1000);
    external.push((after.arrayBuffers - before.arrayBuffers) / messages.length / 1000);
    read.push((afterRead.heapUsed - before.heapUsed) / messages.length / 1000);
    return 0;
  });
  const mib = bodies.get(n)!.reduce((s, c) => s + c.length, 0) / (1024 * 1024);
  lines.push(
    `  heap kept by the ${fmt(n)} messages of one ${fmt(mib, 1)} MiB body: see the verdicts (KB = 1000 bytes per event)`,
  );
  verdicts.push(
    verdict('heap per kept event, 50k-event body', kept, { atMost: 1.5 }, ' KB'),
    verdict('body bytes kept outside the heap per kept event (informational)', external, {}, ' KB'),
    verdict('heap per kept event once every field was read (informational)', read, {}, ' KB'),
  );
}

// ---- 3. whole bodies against ManagerReader, capped, in a child ------------------------------

/** ManagerReader on a whole body of `events` in a child process; undefined when stopped at the cap. */
function managerReaderWhole(events: number): Promise<number | undefined> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'rawman-reader-child.ts'), String(events)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  let capped = false;
  const timer = setTimeout(() => {
    capped = true;
    child.kill('SIGKILL');
  }, CAP_MS);
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      if (capped) return resolve(undefined);
      if (code !== 0) return reject(new Error(`rawman-reader-child exited ${code}`));
      const { ms, count } = JSON.parse(out) as { ms: number; count: number };
      if (count !== events + 2) return reject(new Error(`ManagerReader found ${count} messages`));
      resolve(ms);
    });
  });
}

async function wholeBodies(lines: string[], verdicts: string[]): Promise<void> {
  lines.push(
    '',
    `One whole WaitEvent body, as an HTTP client has it (ManagerReader in a child process, cap ${CAP_MS / 1000} s):`,
  );
  for (const events of [10_000, 50_000]) {
    const body = waitEventBody(events);
    const mine = medianMs(5, () => new RawmanParser().push(body, () => undefined));
    const name = `rawman vs asterisk-manager, one whole ${fmt(events / 1000)}k-event body`;
    const theirs: number[] = [];
    // Three runs, unless the first is already over the cap: the next would only be stopped too.
    for (let r = 0; r < 3; r++) {
      const ms = await managerReaderWhole(events);
      if (ms === undefined) break;
      theirs.push(ms);
    }
    if (theirs.length < 3) {
      lines.push(
        `  ${fmt(events).padStart(6)} events: rawman.ts ${fmt(mine, 1)} ms, ManagerReader > ${CAP_MS / 1000} s (stopped)`,
      );
      const atLeast = CAP_MS / mine;
      verdicts.push(
        overCap(name, atLeast, '×', atLeast >= 10, '≥ 10× (the ratio is at least the cap over our time)'),
      );
      continue;
    }
    lines.push(
      `  ${fmt(events).padStart(6)} events: rawman.ts ${fmt(mine, 1)} ms, ManagerReader ${theirs.map((ms) => fmt(ms / 1000, 1)).join(' / ')} s`,
    );
    verdicts.push(
      verdict(
        name,
        theirs.map((ms) => ms / mine),
        { atLeast: 10 },
        '×',
      ),
    );
  }
}

// ---- 4. informational ----------------------------------------------------------------------

/** Feeds one line of `total` characters in `chunk`-byte pieces; returns the parser. */
function feedLine(total: number, chunk: number): RawmanParser {
  const parser = new RawmanParser();
  const piece = Buffer.alloc(chunk, 'x');
  parser.push('Event: Long\r\nValue: ');
  for (let fed = 0; fed < total && !parser.error; fed += chunk) parser.push(piece.subarray(0, total - fed));
  parser.push('\r\n\r\n');
  return parser;
}

function longLines(lines: string[]): void {
  const total = MAX_LINE_CHARS - 1024;
  if (
    feedLine(total, total).error ||
    feedLine(total, 16 * 1024).error ||
    !feedLine(64 * 1024 * 1024, 16 * 1024).error
  )
    throw new Error('long-line bench: unexpected parse result');
  const whole = medianMs(5, () => feedLine(total, total));
  const pieces = medianMs(5, () => feedLine(total, 16 * 1024));
  const huge = medianMs(3, () => feedLine(64 * 1024 * 1024, 16 * 1024));
  lines.push(
    '',
    `One ${fmt(total / 1024)} KiB line: whole ${fmt(whole, 2)} ms, in 16 KiB pieces ${fmt(pieces, 2)} ms (linear: ratio ~1, here ${fmt(pieces / whole, 2)});`,
    `  a 64 MiB line in 16 KiB pieces is refused after its first MiB in ${fmt(huge, 2)} ms`,
  );
}

async function latency(lines: string[]): Promise<void> {
  const pbx = await startDemoPbx({ calls: 0, callsPerSecond: 0, seed: 1 });
  const client = createClient({ url: pbx.url, user: 'admin', secret: '12345' });
  try {
    await client.connect();
    let waiting: ((at: number) => void) | undefined;
    client.onEvent(() => waiting?.(performance.now()));
    client.startEvents();
    // Let the first poll drain the session's own SuccessfulAuth and settle.
    await new Promise((r) => setTimeout(r, 300));
    const samples: number[] = [];
    for (let i = 0; i < 60; i++) {
      const got = new Promise<number>((resolve) => (waiting = resolve));
      const t = performance.now();
      pbx.office.placeCall();
      const at = await Promise.race([got, new Promise<number>((r) => setTimeout(() => r(NaN), 5000))]);
      waiting = undefined;
      if (Number.isFinite(at)) samples.push(at - t);
      // Let the rest of that call's events arrive before the next sample.
      await new Promise((r) => setTimeout(r, 40));
    }
    const s = samples.length > 0 ? spread(samples) : { min: NaN, median: NaN, max: NaN };
    lines.push(
      '',
      `WaitEvent delivery on loopback (demo PBX, placeCall -> first event in onEvent), ${samples.length}/60 samples: median ${fmt(s.median, 2)} ms, max ${fmt(s.max, 2)} ms`,
    );
  } finally {
    await client.close();
    await pbx.close();
  }
}

export default async function rawmanBench(): Promise<string[]> {
  const lines: string[] = [];
  const verdicts: string[] = [];
  const reader = loadManagerReader();
  await throughput(lines, verdicts, reader);
  await appPath(lines, verdicts);
  await wholeBodies(lines, verdicts);
  longLines(lines);
  await latency(lines);
  return [...lines, '', ...verdicts];
}
