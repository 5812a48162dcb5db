/**
 * `asterisk-manager`'s ManagerReader on one whole WaitEvent body of N captured events, in a process
 * of its own: its cost grows with the square of the body, so the rawman bench runs it here under a
 * time cap and kills it there, instead of extrapolating. Prints the parse time in ms and the count.
 * Usage: node --import tsx rawman-reader-child.ts <events>
 */
import { loadManagerReader, managerReaderCount } from './rawman-reader';
import { waitEventBody } from './rawman-corpus';

const events = Number(process.argv[2]);
if (!Number.isInteger(events) || events <= 0) throw new Error('usage: rawman-reader-child.ts <events>');
const body = waitEventBody(events);
const reader = loadManagerReader();
const started = performance.now();
const count = managerReaderCount(reader, body, body.length);
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, count }));
