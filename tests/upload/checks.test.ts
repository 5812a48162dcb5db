import { createHash } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFile, extensionRefusal, sizeRefusal } from '../../electron/upload/checks';
import { buildMultipart, MAX_CONTENT_LENGTH } from '../../electron/upload/multipart';
import { hashedName, isSafeName, nameParts, sanitizeName } from '../../electron/upload/names';
import { inspectWav, wavWarnings } from '../../electron/upload/wav';
import { englishMessage } from '../../shared/ipc';
import type { Notice } from '../../shared/notices';

const english = (item: Notice | undefined): string | undefined => item && englishMessage(item);
import { wavHeader } from './helpers';

describe('names', () => {
  it('keeps names that are already safe unchanged', () => {
    const name = 'exten-113-3004579622-20250802-120405-1754153905.5203765.wav';
    expect(sanitizeName(name)).toBe(name);
    expect(sanitizeName(`C:\\Users\\ana\\Grabaciones\\${name}`)).toBe(name);
    expect(sanitizeName(`/home/ana/${name}`)).toBe(name);
  });

  it('reduces unsafe names to a safe basename', () => {
    expect(sanitizeName('../../etc/passwd.wav')).toBe('passwd.wav');
    expect(sanitizeName('..\\..\\x.wav')).toBe('x.wav');
    expect(sanitizeName('grabación del día 1.wav')).toBe('grabacion_del_dia_1.wav');
    expect(sanitizeName('a"b;c\r\nd.wav')).toBe('a_b_c_d.wav');
    expect(sanitizeName('x..wav')).toBe('x.wav');
    expect(sanitizeName('.hidden.wav')).toBe('hidden.wav');
    expect(sanitizeName('-rf.wav')).toBe('rf.wav');
    expect(sanitizeName('..')).toBe('');
    expect(sanitizeName('llamada✓.gsm')).toBe('llamada_.gsm');
    const long = `${'a'.repeat(300)}.wav`;
    expect(sanitizeName(long)).toHaveLength(200);
    expect(sanitizeName(long).endsWith('.wav')).toBe(true);
  });

  it('keeps the extension when the base name cleans down to nothing', () => {
    for (const name of ['日本語.wav', '....wav', '...wav', '   .wav', '✓✓.gsm', '.wav']) {
      const ext = name.slice(name.lastIndexOf('.') + 1);
      expect(nameParts(name), name).toEqual({ base: '', ext });
      // Nothing of the base is usable: the caller names the file after its content.
      expect(sanitizeName(name), name).toBe('');
      expect(hashedName('0123456789ABCDEF'.repeat(4), name), name).toBe(`upload-0123456789ab.${ext}`);
    }
    expect(nameParts('日本語')).toEqual({ base: '', ext: '' });
    expect(hashedName('ab'.repeat(32), '日本語')).toBe('upload-abababababab');
    // A base with something left keeps it, and the extension is never glued to it.
    expect(sanitizeName('日本語 1.wav')).toBe('1.wav');
    expect(sanitizeName('grabación.日本')).toBe('grabacion.__');
    expect(sanitizeName('x...WAV')).toBe('x.WAV');
    expect(sanitizeName('take.2.wav')).toBe('take.2.wav');
    expect(sanitizeName(`${'é'.repeat(300)}.sln16`)).toBe(`${'e'.repeat(194)}.sln16`);
  });

  it('every sanitized name is safe, for arbitrary input', () => {
    const samples = [
      'a/b\\c',
      '../',
      '"quoted".wav',
      'ñandú.WAV',
      '%2e%2e%2fx.wav',
      'x\u0000y.wav',
      '   .wav',
      'filename*=x',
      '日本語.wav',
      '....wav',
      'a.b.c..d...wav',
      `x.${'y'.repeat(40)}`,
    ];
    for (const s of samples) {
      const out = sanitizeName(s);
      if (out !== '') expect(isSafeName(out), s).toBe(true);
      expect(out).not.toMatch(/[/\\"]|\.\./);
    }
  });
});

describe('extensions and size', () => {
  it('accepts what Asterisk plays and refuses the rest clearly', () => {
    for (const ok of [
      'a.wav',
      'a.WAV',
      'a.gsm',
      'a.ulaw',
      'a.alaw',
      'a.ul',
      'a.al',
      'a.sln',
      'a.sln16',
      'a.g722',
      'a.g729',
    ]) {
      expect(extensionRefusal(ok), ok).toBeUndefined();
    }
    expect(english(extensionRefusal('a.mp4'))).toMatch(/\.mp4 is not a sound format Asterisk plays/);
    expect(english(extensionRefusal('a.GSM'))).toMatch(/case-sensitively: use \.gsm/);
    expect(english(extensionRefusal('noext'))).toMatch(/has no extension/);
  });

  it('refuses 2 GiB and over because Content-Length is a signed int', () => {
    const overhead = buildMultipart('a.wav', 0).contentLength;
    expect(sizeRefusal(MAX_CONTENT_LENGTH - overhead, 'a.wav')).toBeUndefined();
    expect(english(sizeRefusal(MAX_CONTENT_LENGTH - overhead + 1, 'a.wav'))).toMatch(/signed 32-bit/);
    expect(english(sizeRefusal(2 ** 31, 'a.wav'))).toMatch(/2 GiB/);
  });
});

describe('WAV header', () => {
  it('reads the fmt chunk', () => {
    expect(inspectWav(wavHeader({ rate: 16000 }))).toEqual({
      kind: 'wav',
      format: { audioFormat: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16 },
    });
    expect(inspectWav(Buffer.from('not a wav at all'))).toEqual({ kind: 'not-riff' });
  });

  it('warns (never refuses) when Asterisk cannot play the file as is', () => {
    expect(wavWarnings('wav', wavHeader({}))).toEqual([]);
    expect(wavWarnings('wav16', wavHeader({ rate: 16000 }))).toEqual([]);
    expect(english(wavWarnings('wav', wavHeader({ rate: 44100, channels: 2 }))[0])).toMatch(
      /44\.1 kHz stereo 16-bit PCM.*transcoded/,
    );
    expect(english(wavWarnings('wav', wavHeader({ bits: 8 }))[0])).toMatch(/8-bit/);
    expect(english(wavWarnings('wav', wavHeader({ format: 3, bits: 32 }))[0])).toMatch(/format 3/);
    expect(english(wavWarnings('wav', wavHeader({ rate: 16000 }))[0])).toMatch(/name it \.wav16/);
    expect(english(wavWarnings('WAV', wavHeader({}))[0])).toMatch(/GSM-in-WAV.*lower-case \.wav/);
    expect(wavWarnings('WAV', wavHeader({ format: 0x31, bits: 0 }))).toEqual([]);
    expect(english(wavWarnings('wav', Buffer.from('garbage'))[0])).toMatch(/not a WAV file/);
    expect(wavWarnings('gsm', Buffer.from('garbage'))).toEqual([]);
  });
});

describe('checkFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ajam-checks-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes a good recording with its own name and no warnings', async () => {
    const path = join(dir, 'exten-113-3004579622-20250802-120405-1754153905.5203765.wav');
    await writeFile(path, Buffer.concat([wavHeader({ dataBytes: 1000 }), Buffer.alloc(1000)]));
    const result = await checkFile(path);
    expect(result).toEqual({
      ok: true,
      path,
      size: 1044,
      sendName: 'exten-113-3004579622-20250802-120405-1754153905.5203765.wav',
      warnings: [],
    });
  });

  it('refuses missing, folders, empty and wrong extensions with specific reasons', async () => {
    expect(await checkFile(join(dir, 'nope.wav'))).toMatchObject({ ok: false, code: 'not-found' });
    await mkdir(join(dir, 'folder.wav'));
    expect(await checkFile(join(dir, 'folder.wav'))).toMatchObject({
      ok: false,
      code: 'not-a-file',
      reason: expect.stringMatching(/a folder/),
    });
    await writeFile(join(dir, 'empty.wav'), '');
    expect(await checkFile(join(dir, 'empty.wav'))).toMatchObject({ ok: false, code: 'empty' });
    await writeFile(join(dir, 'movie.mp4'), 'x');
    expect(await checkFile(join(dir, 'movie.mp4'))).toMatchObject({ ok: false, code: 'extension' });
  });

  it('names a file whose name cleans down to nothing after its content, keeping the extension', async () => {
    const content = Buffer.concat([wavHeader({ dataBytes: 500 }), Buffer.alloc(500, 7)]);
    const digest = createHash('sha256').update(content).digest('hex');
    for (const name of ['日本語.wav', '....wav']) {
      const path = join(dir, name);
      await writeFile(path, content);
      const result = await checkFile(path);
      expect(result, name).toMatchObject({
        ok: true,
        size: 544,
        sendName: `upload-${digest.slice(0, 12)}.wav`,
      });
      if (result.ok) expect(english(result.warnings[0])).toMatch(/stored as upload-[0-9a-f]{12}\.wav/);
    }
    // An empty one has no content to be named after: refused as empty, not as a name problem.
    await writeFile(join(dir, '日本.gsm'), '');
    expect(await checkFile(join(dir, '日本.gsm'))).toMatchObject({ ok: false, code: 'empty', size: 0 });
  });

  it('says how big a refused file is', async () => {
    await writeFile(join(dir, 'clip.mp4'), Buffer.alloc(1234));
    expect(await checkFile(join(dir, 'clip.mp4'))).toMatchObject({
      ok: false,
      code: 'extension',
      size: 1234,
    });
    expect(await checkFile(join(dir, 'gone.wav'))).not.toHaveProperty('size');
  });

  it('refuses an unreadable file', async () => {
    if (process.getuid?.() === 0) return; // root reads everything
    const path = join(dir, 'locked.wav');
    await writeFile(path, wavHeader({}));
    await chmod(path, 0o000);
    expect(await checkFile(path)).toMatchObject({ ok: false, code: 'unreadable' });
  });

  it('warns about a renamed file, a bad WAV format and an overwrite', async () => {
    const path = join(dir, 'grabación 2.wav');
    await writeFile(path, wavHeader({ rate: 44100 }));
    const result = await checkFile(path, { alreadySent: (n) => n === 'grabacion_2.wav' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sendName).toBe('grabacion_2.wav');
    expect(result.warnings).toHaveLength(3);
    expect(english(result.warnings[0])).toMatch(/stored as grabacion_2\.wav/);
    expect(english(result.warnings[1])).toMatch(/44\.1 kHz/);
    expect(english(result.warnings[2])).toMatch(/already sent.*overwrites/);
  });
});

describe('multipart body', () => {
  it('is framed exactly: boundary last in Content-Type, quoted filename, exact Content-Length', () => {
    const mp = buildMultipart('a.wav', 5, 'AjamConsole-0123456789abcdef');
    expect(mp.contentType).toBe('multipart/form-data; boundary=AjamConsole-0123456789abcdef');
    expect(mp.head.toString('latin1')).toBe(
      '--AjamConsole-0123456789abcdef\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n' +
        'Content-Type: application/octet-stream\r\n\r\n',
    );
    expect(mp.tail.toString('latin1')).toBe('\r\n--AjamConsole-0123456789abcdef--\r\n');
    expect(mp.contentLength).toBe(mp.head.length + 5 + mp.tail.length);
    expect(mp.head.toString('latin1')).not.toMatch(/filename\*/);
  });

  it('never frames an unsafe name or a boundary Asterisk would misread', () => {
    expect(() => buildMultipart('../a.wav', 1)).toThrow(/unsafe/);
    expect(() => buildMultipart('a".wav', 1)).toThrow(/unsafe/);
    expect(() => buildMultipart('a.wav', 1, 'has"quote-0123456789')).toThrow(/boundary/);
    expect(() => buildMultipart('a.wav', 1, 'has/slash-0123456789')).toThrow(/boundary/);
    const a = buildMultipart('a.wav', 1);
    const b = buildMultipart('a.wav', 1);
    expect(a.boundary).not.toBe(b.boundary);
  });
});
