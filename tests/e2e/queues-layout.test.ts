/**
 * The queues and rooms panels at 720 px (issue 9), in English and Spanish, light and dark: each
 * queue's QueueSummary figures (logged in, available, longest wait, …) and a room's "calls go to"
 * line are there with their accessible names, and no control is outside its scroll area, clipped or
 * covered (tests/e2e/layout-check.ts). The renderer runs against the in-page API with queues and a
 * room sent as main sends them. Screenshots go to the ignored tests/e2e/.out/screenshots/layout/.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { es } from '../../renderer/src/i18n/es';
import type { QueueMember, QueueView } from '../../shared/queues';
import type { RoomsSnapshot } from '../../shared/queues-contract';
import { queueMember } from '../queues/members';
import { fakeApiScript } from './fake-api';
import { SCREENSHOTS } from './harness';
import { LAYOUT_PROBLEMS } from './layout-check';
import { staticRenderer } from './static-renderer';

const rig = staticRenderer();
const SHOTS = join(SCREENSHOTS, 'layout');

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
});

const member = (ext: string, name: string, paused = false): QueueMember =>
  queueMember(`PJSIP/${ext}`, {
    name,
    paused,
    pausedReason: paused ? 'Formación continua' : '',
    lastPause: paused ? 1_796_132_600 : 0,
    callsTaken: 12,
    lastCall: 1_796_132_500,
  });

function snapshot(now: number): RoomsSnapshot {
  const queue = (name: string, members: QueueMember[], callers: number): QueueView => ({
    queue: name,
    strategy: 'rrmemory',
    serviceLevelSeconds: 30,
    serviceLevelPerf: 87.5,
    completed: 140,
    abandoned: 9,
    holdTime: 42,
    talkTime: 215,
    loggedIn: members.length,
    available: members.filter((m) => !m.paused).length,
    longestHoldSeconds: 95,
    members,
    callers: Array.from({ length: callers }, (_, i) => ({
      position: i + 1,
      channel: `PJSIP/trunk-0000000${i}`,
      uniqueid: `${name}.${i}`,
      callerIdNum: `60055500${i}`,
      callerIdName: `Cliente Número ${i + 1}`,
      joinedAt: now - (95 - i * 20) * 1000,
    })),
  });
  return {
    queues: [
      queue(
        'ventas-internacionales',
        [member('116', 'Marta Fernández'), member('117', 'Jorge Ramírez', true)],
        3,
      ),
      queue('soporte', [member('122', 'Lucía Ortega')], 0),
    ],
    rooms: [
      {
        conference: '900',
        locked: false,
        recording: false,
        participants: [
          {
            channel: 'PJSIP/105-00000001',
            uniqueid: 'r1',
            callerIdNum: '105',
            callerIdName: 'Ana Sala',
            admin: true,
            marked: false,
            muted: false,
            talking: false,
            joinedAt: now - 60_000,
          },
        ],
      },
    ],
    discovered: { '900': { exten: '8900', context: 'from-internal' } },
  };
}

describe('queues and rooms panels at 720 px', { timeout: 240_000 }, () => {
  it('show the queue figures and where room calls go, with nothing clipped or covered (en/es, light/dark)', async () => {
    const found: string[] = [];
    for (const lang of ['en', 'es'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        const t = lang === 'es' ? es : en;
        const context = await rig.browser.newContext({
          viewport: { width: 720, height: 800 },
          locale: lang === 'es' ? 'es-ES' : 'en-US',
          colorScheme: theme,
        });
        const page = await context.newPage();
        await page.addInitScript({ content: fakeApiScript({ calls: 4 }) });
        await page.goto(rig.url);
        await page.locator('[data-uniqueid]').first().waitFor({ timeout: 20_000 });
        await page.getByRole('tab', { name: t.tabPanels }).click();
        await page.locator('#queues-title').waitFor();
        await page.evaluate(`window.__fake.emitQueues(${JSON.stringify(snapshot(Date.now()))})`);
        const figures = page.getByRole('group', {
          name: t.queueFigures('ventas-internacionales'),
          exact: true,
        });
        await figures.waitFor({ timeout: 10_000 });
        expect(await figures.locator('[data-counter="logged-in"]').textContent()).toBe('2');
        expect(await figures.locator('[data-counter="available"]').textContent()).toBe('1');
        expect(await figures.getByText(t.queueLoggedIn, { exact: true }).count()).toBe(1);
        expect(await figures.getByText(t.queueAvailable, { exact: true }).count()).toBe(1);
        const source = page.locator('[data-room="900"] [data-exten-source]');
        expect(await source.textContent()).toBe(t.roomExtensionSource('dialplan', '8900', 'from-internal'));
        const where = `720px ${lang}/${theme}`;
        for (const panel of ['#queues-title', '#conferences-title']) {
          await page.locator(panel).scrollIntoViewIfNeeded();
          const problems = (await page.evaluate(LAYOUT_PROBLEMS)) as string[];
          found.push(...problems.map((p) => `${where} ${panel}: ${p}`));
          await page.screenshot({ path: join(SHOTS, `720-${lang}-${theme}-${panel.slice(1)}.png`) });
        }
        await context.close();
      }
    }
    expect(found).toEqual([]);
  });
});
