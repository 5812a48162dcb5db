/**
 * The few CLI commands the demo answers through the Command action, formatted as Asterisk's CLI
 * prints them (captures 04k, 12q, 12s). Pure: text in, text out.
 */
import type { Office } from './office';
import { stateDesc } from './office';

export interface CliResult {
  readonly ok: boolean;
  readonly text: string;
}

const ess = (n: number): string => (n === 1 ? '' : 's');

/** print_uptimestr(): "1 minute, 59 seconds". */
export function uptimeText(totalSeconds: number): string {
  let s = Math.max(0, totalSeconds);
  const parts: string[] = [];
  const units: ReadonlyArray<readonly [number, string]> = [
    [31536000, 'year'],
    [604800, 'week'],
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    const n = Math.floor(s / size);
    if (n > 0) {
      parts.push(`${n} ${name}${ess(n)}`);
      s -= n * size;
    }
  }
  if (s > 0 || parts.length === 0) parts.push(`${s} second${ess(s)}`);
  return parts.join(', ');
}

const pad = (s: string, n: number): string => s.slice(0, n).padEnd(n, ' ');

function showChannels(office: Office): string {
  const row = (a: string, b: string, c: string, d: string): string =>
    `${pad(a, 64)} ${pad(b, 32)} ${pad(c, 7)} ${pad(d, 30)}\n`;
  let out = row('Channel', 'Location', 'State', 'Application(Data)');
  const chans = [...office.chans].reverse();
  for (const c of chans) {
    out += row(c.name, `${c.exten}@${c.context}:${c.priority}`, stateDesc(c.state), `${c.app}(${c.appData})`);
  }
  const n = office.chans.length;
  const calls = office.activeCalls();
  out += `${n} active channel${ess(n)}\n`;
  out += `${calls} active call${ess(calls)}\n`;
  out += `${office.processedCalls} call${ess(office.processedCalls)} processed\n`;
  return out;
}

export function commandOutput(command: string, office: Office, uptimeMs: number): CliResult {
  const words = command.trim().split(/\s+/);
  const cmd = words.join(' ').toLowerCase();
  const up = uptimeText(Math.floor(uptimeMs / 1000));
  switch (cmd) {
    case 'core show uptime':
      return { ok: true, text: `System uptime: ${up}\nLast reload: ${up}\n` };
    case 'core show uptime seconds': {
      const s = Math.floor(uptimeMs / 1000);
      return { ok: true, text: `System uptime: ${s}\nLast reload: ${s}\n` };
    }
    case 'core show channels':
      return { ok: true, text: showChannels(office) };
    case 'core show calls': {
      const calls = office.activeCalls();
      return {
        ok: true,
        text: `${calls} active call${ess(calls)}\n${office.processedCalls} call${ess(office.processedCalls)} processed\n`,
      };
    }
    case 'core show version':
      return { ok: true, text: 'Asterisk 22.10.1 built by demo @ ajamtest on a x86_64 running Linux\n' };
    default: {
      // cli.c's find_best(): the words that still match some command; for unknown words, all but the last two.
      const best = words.slice(0, Math.max(0, words.length - 2)).join(' ');
      return {
        ok: false,
        text: `No such command '${command}' (type 'core show help ${best}' for other possible commands)\n`,
      };
    }
  }
}
