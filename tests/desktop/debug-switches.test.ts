import { describe, expect, it } from 'vitest';
import { debuggingSwitches } from '../../electron/desktop/debug-switches';

const exe = '/opt/AJAM Console/ajam-console';

describe('debuggingSwitches', () => {
  it('finds both switches in the forms Chromium accepts', () => {
    expect(debuggingSwitches([exe, '--remote-debugging-port=9222'], 'linux')).toEqual([
      'remote-debugging-port',
    ]);
    expect(debuggingSwitches([exe, '-remote-debugging-port', '0'], 'darwin')).toEqual([
      'remote-debugging-port',
    ]);
    expect(debuggingSwitches([exe, '--remote-debugging-pipe'], 'linux')).toEqual(['remote-debugging-pipe']);
    expect(debuggingSwitches([exe, '--remote-debugging-pipe', '--remote-debugging-port=1'], 'linux')).toEqual(
      ['remote-debugging-port', 'remote-debugging-pipe'],
    );
    // Windows: `/` prefix and case-insensitive names.
    expect(debuggingSwitches(['C:\\ajam.exe', '/Remote-Debugging-Port=9222'], 'win32')).toEqual([
      'remote-debugging-port',
    ]);
    expect(debuggingSwitches(['C:\\ajam.exe', '--REMOTE-DEBUGGING-PIPE'], 'win32')).toEqual([
      'remote-debugging-pipe',
    ]);
  });

  it('leaves alone what is not one of them', () => {
    expect(debuggingSwitches([exe], 'linux')).toEqual([]);
    expect(debuggingSwitches([exe, '--hidden', '--remote-debugging-address=1.2.3.4'], 'linux')).toEqual([]);
    // Arguments, not switches: a file name, after `--`, the executable itself, `/` on POSIX, case on POSIX.
    expect(debuggingSwitches([exe, 'remote-debugging-port'], 'linux')).toEqual([]);
    expect(debuggingSwitches([exe, '--', '--remote-debugging-port=1'], 'linux')).toEqual([]);
    expect(debuggingSwitches(['--remote-debugging-pipe'], 'linux')).toEqual([]);
    expect(debuggingSwitches([exe, '/remote-debugging-port=1'], 'linux')).toEqual([]);
    expect(debuggingSwitches([exe, '--Remote-Debugging-Port=1'], 'linux')).toEqual([]);
  });

  it("adds what Chromium's own parser reports", () => {
    expect(debuggingSwitches([exe], 'linux', (name) => name === 'remote-debugging-pipe')).toEqual([
      'remote-debugging-pipe',
    ]);
  });
});
