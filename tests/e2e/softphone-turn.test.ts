/**
 * A TURN credential typed in the profile editor, end to end in Debian's Chromium against the real
 * preview with an OS secret store stand-in (as the desktop app has): it reaches main's encrypted vault
 * and never the settings file, the editor shows the server without it and says one is stored, and a
 * save that does not retype it keeps it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { turnKey } from '../../electron/features/softphone/turn-credentials';
import { keyringPreview } from './keyring-preview';

const TURN = 'turn:turn.example.com:3478';
const SECRET = 'turn-s3cret-credential';

const rig = keyringPreview({ viewport: { width: 1280, height: 900 } });

describe('a TURN credential in the profile editor', () => {
  it('goes to the encrypted vault, not the file; the editor says it is stored and a save keeps it', async () => {
    const { id } = rig.preview.settings.saveProfile({
      name: 'Lima',
      url: 'https://pbx.example:8089/asterisk',
      user: 'admin',
    });
    await rig.page.goto(rig.preview.url);
    await rig.page.getByRole('button', { name: 'Edit Lima' }).click();
    const editor = rig.page.getByRole('dialog', { name: 'Edit profile' });
    await editor.getByLabel('SIP user').fill('101');
    await editor.getByLabel('SIP password').fill('sip-password');
    await editor.getByLabel('STUN/TURN servers').fill(`stun:stun.example.com:3478\n${TURN} alice ${SECRET}`);
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => editor.count()).toBe(0);

    const onDisk = await readFile(join(rig.preview.dataDir, 'settings.json'), 'utf8');
    expect(onDisk).toContain(TURN);
    expect(onDisk).not.toContain(SECRET);
    const key = turnKey({ urls: TURN, username: 'alice' });
    expect(rig.preview.settings.readTurnCredentials(id)).toEqual({
      kind: 'stored',
      credentials: { [key]: SECRET },
    });

    // Opened again: the line without the credential, and a word that one is stored.
    await rig.page.getByRole('button', { name: 'Edit Lima' }).click();
    const servers = editor.getByLabel('STUN/TURN servers');
    expect(await servers.inputValue()).toBe(`stun:stun.example.com:3478\n${TURN} alice`);
    expect(await editor.textContent()).toContain(`Credential stored encrypted for ${TURN} (alice)`);
    expect(await editor.textContent()).not.toContain(SECRET);
    // Saved without retyping it (another name): kept.
    await editor.getByLabel('Profile name').fill('Lima 2');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => editor.count()).toBe(0);
    expect(rig.preview.settings.readTurnCredentials(id)).toEqual({
      kind: 'stored',
      credentials: { [key]: SECRET },
    });
    expect(rig.errors).toEqual([]);
  }, 90_000);
});
