/**
 * Queues and conference rooms end to end (issue 9): Debian's Chromium on the real preview, the
 * console service and the demo PBX over HTTP on 127.0.0.1. The operator pauses a member with a
 * reason and unpauses, adds a member by dropping an extension from the grid on a queue and removes
 * it, sees callers join, wait and leave live, and mutes, locks and kicks in a room. Each step is
 * checked at the PBX (app_queue's and app_confbridge's state), not only on screen.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conferenceRoomsOf } from '../../electron/demo/conferences/attach';
import type { Office } from '../../electron/demo/office';
import { queueBookOf } from '../../electron/demo/queues/attach';
import { en } from '../../renderer/src/i18n/en';
import type { Stack } from './harness';
import { buildRenderer, cleanup, connectViaForm, openPage, startStack } from './harness';

let rendererDir = '';
let stack: Stack;
let page: Page;

beforeAll(async () => {
  rendererDir = await buildRenderer();
  stack = await startStack(rendererDir, { calls: 0, switchboard: false });
  const opened = await openPage(stack);
  page = opened.page;
  await page.setViewportSize({ width: 1920, height: 1080 });
  await connectViaForm(page, stack.pbx, { operatorEndpoint: 'PJSIP/122' });
  await page.locator('[data-queue="soporte"]').waitFor({ timeout: 30_000 });
}, 180_000);

afterAll(async () => {
  await stack?.close();
  if (rendererDir) await cleanup(rendererDir);
});

const office = (): Office => stack.pbx.office as Office;
const book = () => queueBookOf(office());
const memberAtPbx = (queue: string, iface: string) =>
  book()
    .find(queue)
    ?.members.find((m) => m.iface === iface);
const queueBox = (queue: string): Locator => page.locator(`[data-queue="${queue}"]`);

/** Drags an extension button onto a target as the browser would. */
async function dragExtension(exten: string, target: Locator): Promise<void> {
  const data = await page.evaluateHandle('new DataTransfer()');
  const source = page.locator(`button.ext[data-exten="${exten}"]`);
  await source.dispatchEvent('dragstart', { dataTransfer: data });
  await target.dispatchEvent('dragenter', { dataTransfer: data });
  await target.dispatchEvent('dragover', { dataTransfer: data });
  await target.dispatchEvent('drop', { dataTransfer: data });
  await source.dispatchEvent('dragend', { dataTransfer: data });
}

describe('queues and rooms in Chromium against the demo PBX', { timeout: 120_000 }, () => {
  it('pauses a member with a reason and unpauses', async () => {
    const iface = 'Local/123@from-queue/n';
    const name = 'Tomás Herrera';
    await page.getByRole('button', { name: en.pauseMember(name), exact: true }).click();
    const reason = queueBox('soporte').getByLabel(en.pauseReason);
    await reason.fill('Formación');
    await reason.press('Enter');
    await expect
      .poll(() => memberAtPbx('soporte', iface)?.pausedReason, { timeout: 15_000 })
      .toBe('Formación');
    expect(memberAtPbx('soporte', iface)?.paused).toBe(true);
    const row = queueBox('soporte').locator(`[data-member="${iface}"]`);
    await expect.poll(() => row.getAttribute('data-paused'), { timeout: 15_000 }).toBe('1');
    expect(await row.locator('[data-reason]').getAttribute('data-reason')).toBe('Formación');

    await page.getByRole('button', { name: en.unpauseMember(name), exact: true }).click();
    await expect.poll(() => memberAtPbx('soporte', iface)?.paused, { timeout: 15_000 }).toBe(false);
    await expect.poll(() => row.getAttribute('data-paused'), { timeout: 15_000 }).toBe('0');
  });

  it("the toolbar pauses and unpauses the operator's own phone in every queue it answers for", async () => {
    // The operator (PJSIP/122) answers soporte as Local/122@from-queue/n; make it a ventas member too.
    expect(book().add('ventas', 'PJSIP/122', 'Operadora', 'PJSIP/122', 0, false, '')).toBe('ok');
    const mine = page.locator('.toolbar').getByRole('group', { name: en.myQueues, exact: true });
    await expect.poll(() => mine.textContent(), { timeout: 15_000 }).toContain(en.pausedInOf(0, 2));
    // Paused elsewhere in one queue: the toolbar says so and the toggle pauses only the other one.
    book().pause('soporte', 'Local/122@from-queue/n', true, 'Lunch');
    await expect.poll(() => mine.textContent(), { timeout: 15_000 }).toContain(en.pausedInOf(1, 2));
    const reason = mine.getByLabel(en.myPauseReason, { exact: true });
    await reason.fill('Reunión');
    // By keyboard: from the reason field, Tab reaches the toggle.
    await reason.press('Tab');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => memberAtPbx('ventas', 'PJSIP/122')?.pausedReason, { timeout: 15_000 })
      .toBe('Reunión');
    expect(memberAtPbx('soporte', 'Local/122@from-queue/n')?.pausedReason).toBe('Lunch');
    await expect.poll(() => mine.textContent(), { timeout: 15_000 }).toContain(en.pausedInOf(2, 2));

    await mine.getByRole('button', { name: en.unpauseMe, exact: true }).click();
    await expect.poll(() => memberAtPbx('ventas', 'PJSIP/122')?.paused, { timeout: 15_000 }).toBe(false);
    await expect
      .poll(() => memberAtPbx('soporte', 'Local/122@from-queue/n')?.paused, { timeout: 15_000 })
      .toBe(false);
    await expect.poll(() => mine.textContent(), { timeout: 15_000 }).toContain(en.pausedInOf(0, 2));

    expect(book().remove('ventas', 'PJSIP/122')).toBe('ok');
    await expect.poll(() => mine.textContent(), { timeout: 15_000 }).toContain(en.pausedInOf(0, 1));
  });

  it('listens to a FreePBX member on the phone behind its hint, not on Local/…@from-queue', async () => {
    const channel = stack.pbx.office.placeCall({ from: '600555666', fromName: 'Cliente Malva', to: '124' });
    stack.pbx.office.step();
    const listen = queueBox('soporte').locator('[data-member="Local/124@from-queue/n"] [data-listen]');
    await listen.waitFor({ timeout: 15_000 });
    const spied = await listen.getAttribute('data-listen');
    expect(spied).toMatch(/^PJSIP\/124-[0-9a-f]{8}$/);
    await listen.click();
    // ChanSpy rings the operator's phone (PJSIP/122) for the member's PJSIP/124 channel.
    await expect
      .poll(() => stack.pbx.office.channels().some((c) => c.channel.startsWith('PJSIP/122-')), {
        timeout: 20_000,
      })
      .toBe(true);
    for (const c of stack.pbx.office.channels()) {
      const leg = office().find(c.channel);
      if (leg) office().hangup(leg);
    }
    void channel;
  });

  it('adds a member by dropping an extension from the grid, then removes it', async () => {
    await page.locator('button.ext[data-exten="110"]').waitFor({ timeout: 15_000 });
    await dragExtension('110', queueBox('ventas'));
    await expect
      .poll(() => memberAtPbx('ventas', 'PJSIP/110')?.name, { timeout: 15_000 })
      .toBe('Diego Torres');
    const row = queueBox('ventas').locator('[data-member="PJSIP/110"]');
    await row.waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: en.removeMember('Diego Torres', 'ventas'), exact: true }).click();
    await expect.poll(() => memberAtPbx('ventas', 'PJSIP/110'), { timeout: 15_000 }).toBeUndefined();
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);
  });

  it('callers join, wait (the time ticks, the longest is marked) and leave live', async () => {
    const join = (n: number, name: string): void => {
      book().join('recepcion', {
        channel: `PJSIP/trunk-0000e2e${n}`,
        uniqueid: `ajamtest-3.${n}`,
        lines: [
          ['Channel', `PJSIP/trunk-0000e2e${n}`],
          ['CallerIDNum', `60000000${n}`],
          ['CallerIDName', name],
          ['Uniqueid', `ajamtest-3.${n}`],
        ],
        callerIdNum: `60000000${n}`,
        callerIdName: name,
        connectedNum: '',
        connectedName: '',
      });
    };
    join(1, 'Cliente Uno');
    const first = queueBox('recepcion').locator('[data-caller="PJSIP/trunk-0000e2e1"]');
    await first.waitFor({ timeout: 15_000 });
    join(2, 'Cliente Dos');
    const second = queueBox('recepcion').locator('[data-caller="PJSIP/trunk-0000e2e2"]');
    await second.waitFor({ timeout: 15_000 });
    expect(await first.getAttribute('class')).toContain('longest');
    const before = await first.locator('.wait').textContent();
    await expect.poll(() => first.locator('.wait').textContent(), { timeout: 5_000 }).not.toBe(before);
    expect(await first.getAttribute('aria-label')).toContain('Cliente Uno');

    book().abandon('recepcion', 'PJSIP/trunk-0000e2e1');
    await expect.poll(() => first.count(), { timeout: 15_000 }).toBe(0);
    // The one behind moves up and is now the longest waiting.
    await expect.poll(() => second.getAttribute('class'), { timeout: 15_000 }).toContain('longest');
    expect(await second.locator('.pos').textContent()).toBe('1');
    book().abandon('recepcion', 'PJSIP/trunk-0000e2e2');
    await expect.poll(() => second.count(), { timeout: 15_000 }).toBe(0);
    await expect
      .poll(() => queueBox('recepcion').locator('[data-counter="abandoned"]').textContent(), {
        timeout: 15_000,
      })
      .toBe('2');
  });

  it('mutes everyone, locks the room and removes a participant', async () => {
    const rooms = conferenceRoomsOf(office());
    for (const [n, name, admin] of [
      [1, 'Ana Sala', true],
      [2, 'Luis Sala', false],
    ] as const) {
      rooms.join('900', {
        channel: `PJSIP/20${n}-0000c0f${n}`,
        lines: [
          ['Channel', `PJSIP/20${n}-0000c0f${n}`],
          ['CallerIDNum', `20${n}`],
          ['CallerIDName', name],
          ['Uniqueid', `ajamtest-4.${n}`],
        ],
        admin,
        marked: admin,
      });
    }
    const room = page.locator('[data-room="900"]');
    await room.waitFor({ timeout: 15_000 });
    await room.getByRole('button', { name: en.muteAll, exact: true }).click();
    await expect
      .poll(() => rooms.find('900')?.participants.every((p) => p.muted), { timeout: 15_000 })
      .toBe(true);
    await expect.poll(() => room.locator('[data-muted="1"]').count(), { timeout: 15_000 }).toBe(2);

    await room.getByRole('button', { name: en.lockRoom, exact: true }).click();
    await expect.poll(() => rooms.find('900')?.locked, { timeout: 15_000 }).toBe(true);
    await expect.poll(() => room.getAttribute('data-locked'), { timeout: 15_000 }).toBe('1');

    await room
      .locator('[data-participant="PJSIP/202-0000c0f2"]')
      .getByRole('button', { name: new RegExp(`^${en.kickOne('Luis Sala').split(' ')[0]} Luis Sala`) })
      .click();
    await expect
      .poll(() => rooms.find('900')?.participants.map((p) => p.channel), { timeout: 15_000 })
      .toEqual(['PJSIP/201-0000c0f1']);
    await expect.poll(() => room.locator('[data-participant]').count(), { timeout: 15_000 }).toBe(1);
  });

  it("shows each queue's QueueSummary counts (logged in, available, callers, hold, talk, longest wait) live", async () => {
    const told = (queue: string): Record<string, string> => {
      const q = book().find(queue);
      if (!q) throw new Error(queue);
      return Object.fromEntries(book().summaryLines(q));
    };
    const counter = (queue: string, name: string): Locator =>
      page
        .getByRole('group', { name: en.queueFigures(queue), exact: true })
        .locator(`[data-counter="${name}"]`);
    for (const queue of ['soporte', 'ventas', 'recepcion']) {
      const summary = told(queue);
      await expect
        .poll(() => counter(queue, 'logged-in').textContent(), { timeout: 15_000 })
        .toBe(summary['LoggedIn']);
      expect(await counter(queue, 'available').textContent()).toBe(summary['Available']);
      expect(await queueBox(queue).locator('[data-counter="callers"]').getAttribute('data-waiting')).toBe(
        summary['Callers'],
      );
      expect(await counter(queue, 'hold').textContent()).toBeTruthy();
      expect(await counter(queue, 'talk').textContent()).toBeTruthy();
    }
    // A pause at the PBX: one fewer available, as QueueSummary would now say.
    const before = Number(told('ventas')['Available']);
    expect(book().pause('ventas', 'PJSIP/117', true, 'Pausa')).toBe('ok');
    await expect
      .poll(() => counter('ventas', 'available').textContent(), { timeout: 15_000 })
      .toBe(String(before - 1));
    expect(told('ventas')['Available']).toBe(String(before - 1));
    expect(book().pause('ventas', 'PJSIP/117', false, '')).toBe('ok');
    await expect
      .poll(() => counter('ventas', 'available').textContent(), { timeout: 15_000 })
      .toBe(String(before));

    // The longest wait ticks from the caller waiting longest, and is back to nothing when they leave.
    const idle = await counter('recepcion', 'longest').textContent();
    book().join('recepcion', {
      channel: 'PJSIP/trunk-0000e2f1',
      uniqueid: 'ajamtest-5.1',
      lines: [
        ['Channel', 'PJSIP/trunk-0000e2f1'],
        ['CallerIDNum', '600000051'],
        ['CallerIDName', 'Cliente Larga'],
        ['Uniqueid', 'ajamtest-5.1'],
      ],
      callerIdNum: '600000051',
      callerIdName: 'Cliente Larga',
      connectedNum: '',
      connectedName: '',
    });
    await expect
      .poll(() => counter('recepcion', 'longest').textContent(), { timeout: 15_000 })
      .not.toBe(idle);
    book().abandon('recepcion', 'PJSIP/trunk-0000e2f1');
    await expect.poll(() => counter('recepcion', 'longest').textContent(), { timeout: 15_000 }).toBe(idle);
  });

  it('sends a call dropped on a room to the extension the dialplan runs the room in (ShowDialPlan)', async () => {
    const room = page.locator('[data-room="900"]');
    await room.waitFor({ timeout: 15_000 });
    // No profile extension: the one found in the demo's dialplan (900@from-internal runs ConfBridge(900)).
    const source = room.locator('[data-exten-source]');
    await expect.poll(() => source.getAttribute('data-exten-source'), { timeout: 15_000 }).toBe('dialplan');
    expect(await source.textContent()).toBe(en.roomExtensionSource('dialplan', '900', 'from-internal'));

    const redirected: string[] = [];
    const redirect = office().redirect.bind(office());
    office().redirect = (c, context, exten, priority) => {
      redirected.push(`${c.name} ${context} ${exten}`);
      redirect(c, context, exten, priority);
    };
    try {
      const channel = office().placeCall({ from: '600555778', fromName: 'Cliente Sala', to: '123' });
      office().step();
      const uniqueid =
        office()
          .channels()
          .find((c) => c.channel === channel)?.uniqueid ?? '';
      const call = page.locator(`[data-uniqueid="${uniqueid}"][draggable="true"]`).first();
      await call.waitFor({ timeout: 15_000 });
      const data = await page.evaluateHandle('new DataTransfer()');
      await call.dispatchEvent('dragstart', { dataTransfer: data });
      await room.dispatchEvent('dragenter', { dataTransfer: data });
      await room.dispatchEvent('dragover', { dataTransfer: data });
      await room.dispatchEvent('drop', { dataTransfer: data });
      await expect.poll(() => redirected, { timeout: 15_000 }).toEqual([`${channel} from-internal 900`]);
      await call.dispatchEvent('dragend', { dataTransfer: data }, { timeout: 2_000 }).catch(() => undefined);
    } finally {
      office().redirect = redirect;
    }
  });
});
