/** asterisk-manager's rawman reader, reached unchanged, for the rawman bench's baseline. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export type ManagerReader = (
  this: { emit(name: string, item: unknown): void },
  context: object,
  data: Buffer,
) => void;

/** ManagerReader is module-private in asterisk-manager: evaluate its own source to reach it unchanged. */
export function loadManagerReader(): ManagerReader {
  const require = createRequire(import.meta.url);
  const path = require.resolve('asterisk-manager/lib/ami.js');
  const factory = new Function(
    'require',
    'module',
    'exports',
    `${readFileSync(path, 'utf8')}\n;return ManagerReader;`,
  );
  return factory(createRequire(path), { exports: {} }, {}) as ManagerReader;
}

/** Feeds `body` in `chunk`-byte pieces as socket data; returns how many items it emitted. */
export function managerReaderCount(reader: ManagerReader, body: Buffer, chunk: number): number {
  let n = 0;
  const self = { emit: () => void (n += 1) };
  const context = {};
  for (let i = 0; i < body.length; i += chunk) reader.call(self, context, body.subarray(i, i + chunk));
  return n;
}
