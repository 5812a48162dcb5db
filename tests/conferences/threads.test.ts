/** The channels' thread steps (electron/demo/conferences/threads.ts): in order by default, or held and run by name. */
import { describe, expect, it } from 'vitest';
import { Threads } from '../../electron/demo/conferences/threads';

describe('Threads', () => {
  it('runs queued steps through `later`, in the order they were queued', () => {
    const later: Array<() => void> = [];
    const threads = new Threads((work) => later.push(work));
    const ran: string[] = [];
    threads.queue('a', 'one', () => ran.push('a one'));
    threads.queue('b', 'one', () => ran.push('b one'));
    expect(ran).toEqual([]);
    for (const work of later) work();
    expect(ran).toEqual(['a one', 'b one']);
  });

  it('holds steps, runs the named one (and the steps it queues wait too), then lets the rest go in order', () => {
    const later: Array<() => void> = [];
    const threads = new Threads((work) => later.push(work));
    const ran: string[] = [];
    threads.hold();
    threads.queue('a', 'answer', () => {
      ran.push('a answer');
      threads.queue('a', 'enter', () => ran.push('a enter'));
    });
    threads.queue('b', 'answer', () => ran.push('b answer'));
    expect(threads.pending()).toEqual(['a answer', 'b answer']);
    expect(threads.run('b answer')).toBe(true);
    expect(threads.run('a enter')).toBe(false);
    expect(threads.run('a answer')).toBe(true);
    expect(threads.pending()).toEqual(['a enter']);
    expect(ran).toEqual(['b answer', 'a answer']);
    threads.release();
    expect(threads.pending()).toEqual([]);
    for (const work of later) work();
    expect(ran).toEqual(['b answer', 'a answer', 'a enter']);
    expect(later).toHaveLength(1);
  });
});
