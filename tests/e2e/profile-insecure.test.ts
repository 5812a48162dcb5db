/**
 * Editing a profile's address, in Debian's Chromium against the real preview with an OS secret store
 * stand-in (so profiles keep secrets, as in the desktop app): the editor says when main will forget the
 * stored secret (another scheme, host, port or user), and an https → http change of a profile with a
 * secret asks first — in English and Spanish, Cancel focused, Enter and Escape keeping https.
 */
import { describe, expect, it } from 'vitest';
import { keyringPreview } from './keyring-preview';

const HTTPS = 'https://pbx.example:8089/asterisk';
const HTTP = 'http://pbx.example:8088/asterisk';

const rig = keyringPreview({ viewport: { width: 1280, height: 800 }, consoleErrors: true });

function addProfile(name: string, secret?: string): string {
  const { settings } = rig.preview;
  const profile = settings.saveProfile({ name, url: HTTPS, user: 'admin' });
  if (secret !== undefined) settings.saveSecret(profile.id, secret);
  return profile.id;
}

const focused = () =>
  rig.page.evaluate<string | undefined>(
    'document.activeElement?.textContent?.trim() ?? document.activeElement?.tagName',
  );

describe('editing a profile with a stored secret', () => {
  it('says the secret will be forgotten when the address or user changes', async () => {
    const id = addProfile('Lima', 'lima-secret');
    await rig.page.goto(rig.preview.url);
    await rig.page.getByRole('button', { name: 'Edit Lima' }).click();
    const editor = rig.page.getByRole('dialog', { name: 'Edit profile' });
    const note = editor.getByTestId('secret-forgotten');
    expect(await note.count()).toBe(0);
    await editor.getByLabel('PBX URL').fill('https://other.example:8089/asterisk');
    await expect.poll(() => note.textContent()).toContain('The stored secret will be forgotten');
    // Back to the same server, another path: the secret stays.
    await editor.getByLabel('PBX URL').fill('https://pbx.example:8089/ajam/');
    await expect.poll(() => note.count()).toBe(0);
    await editor.getByLabel('Manager user').fill('operator');
    await expect.poll(() => note.count()).toBe(1);
    // A new secret typed: it is the one kept.
    await editor.getByLabel('Manager secret').fill('new-secret');
    await expect.poll(() => note.count()).toBe(0);
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => editor.count()).toBe(0);
    expect(rig.preview.settings.profile(id)).toMatchObject({
      url: 'https://pbx.example:8089/ajam/',
      user: 'operator',
    });
    expect(rig.preview.settings.readSecret(id)).toEqual({ kind: 'stored', secret: 'new-secret' });
  });

  it('asks before https → http, Cancel focused; Enter and Escape keep https, the other button saves', async () => {
    const id = addProfile('Quito', 'quito-secret');
    await rig.page.goto(rig.preview.url);
    await rig.page.getByRole('button', { name: 'Edit Quito' }).click();
    const editor = rig.page.getByRole('dialog', { name: 'Edit profile' });
    await editor.getByLabel('PBX URL').fill(HTTP);
    const ask = rig.page.getByRole('alertdialog', { name: 'Send the secret unencrypted?' });

    await editor.getByRole('button', { name: 'Save' }).click();
    await ask.waitFor();
    expect(await ask.textContent()).toContain('connect to http://pbx.example:8088 over plain http');
    expect(await focused()).toBe('Cancel');
    await rig.page.keyboard.press('Enter');
    await expect.poll(() => ask.count()).toBe(0);
    expect(await editor.isVisible()).toBe(true);
    expect(await rig.page.evaluate<string | undefined>('document.activeElement?.name')).toBe('url');
    expect(rig.preview.settings.profile(id)?.url).toBe(HTTPS);
    expect(rig.preview.settings.hasSecret(id)).toBe(true);

    await editor.getByRole('button', { name: 'Save' }).click();
    await ask.waitFor();
    await rig.page.keyboard.press('Escape');
    await expect.poll(() => ask.count()).toBe(0);
    // Escape closed the question only, not the editor behind it.
    expect(await editor.isVisible()).toBe(true);
    expect(rig.preview.settings.profile(id)?.url).toBe(HTTPS);

    await editor.getByRole('button', { name: 'Save' }).click();
    await ask.getByRole('button', { name: 'Use http anyway' }).click();
    await expect.poll(() => editor.count()).toBe(0);
    expect(rig.preview.settings.profile(id)?.url).toBe(HTTP);
    // Main dropped the secret: it was saved for the https server.
    expect(rig.preview.settings.hasSecret(id)).toBe(false);
  });

  it('does not ask when no secret goes with the change', async () => {
    const id = addProfile('Cusco');
    await rig.page.goto(rig.preview.url);
    await rig.page.getByRole('button', { name: 'Edit Cusco' }).click();
    const editor = rig.page.getByRole('dialog', { name: 'Edit profile' });
    await editor.getByLabel('PBX URL').fill(HTTP);
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => editor.count()).toBe(0);
    expect(await rig.page.getByRole('alertdialog').count()).toBe(0);
    expect(rig.preview.settings.profile(id)?.url).toBe(HTTP);
  });

  it('asks in Spanish too', async () => {
    const id = addProfile('Bogotá', 'bogota-secret');
    await rig.page.goto(rig.preview.url);
    await rig.page.getByRole('combobox', { name: 'Language' }).selectOption('es');
    await rig.page.getByRole('button', { name: 'Editar Bogotá' }).click();
    const editor = rig.page.getByRole('dialog', { name: 'Editar perfil' });
    await editor.getByLabel('URL de la centralita').fill(HTTP);
    await expect
      .poll(() => editor.getByTestId('secret-forgotten').textContent())
      .toContain('El secreto guardado se olvidará');
    await editor.getByRole('button', { name: 'Guardar' }).click();
    const ask = rig.page.getByRole('alertdialog', { name: '¿Enviar el secreto sin cifrar?' });
    await ask.waitFor();
    expect(await ask.textContent()).toContain('por http sin cifrar');
    expect(await ask.getByRole('button', { name: 'Usar http de todos modos' }).count()).toBe(1);
    expect(await focused()).toBe('Cancelar');
    await rig.page.keyboard.press('Space');
    await expect.poll(() => ask.count()).toBe(0);
    expect(rig.preview.settings.profile(id)?.url).toBe(HTTPS);
  });

  it('left no page errors', () => {
    expect(rig.errors).toEqual([]);
  });
});
