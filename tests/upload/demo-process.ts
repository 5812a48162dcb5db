/**
 * The demo PBX in a child process, so that a test or benchmark measures the client's memory and
 * CPU alone (and the two use both cores). The child prints its handle as one JSON line and exits
 * when its stdin closes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ChildPbx {
  readonly url: string;
  readonly fingerprint: string;
  readonly certificatePem: string;
  readonly uploadsDir: string;
  readonly users: { user: string; secret: string }[];
  close(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./demo-child.ts', import.meta.url));

export async function startChildPbx(uploadsDir?: string): Promise<ChildPbx> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD, uploadsDir ?? ''], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`demo child exited with ${code}`)));
  });
  const info = JSON.parse(first) as Omit<ChildPbx, 'close'>;
  return {
    ...info,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}
