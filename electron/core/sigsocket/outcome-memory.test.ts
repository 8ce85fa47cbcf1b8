import { describe, expect, it } from 'vitest';
import { OutcomeMemory } from './outcome-memory';

const sig = new Uint8Array(64).fill(1);

describe('OutcomeMemory', () => {
  it('tracks new → in-flight → settled, and flags an id reused with another message', () => {
    const m = new OutcomeMemory(1000);
    expect(m.recall('a', 'd1')).toEqual({ state: 'new' });
    m.begin('a', 'd1');
    expect(m.recall('a', 'd1')).toEqual({ state: 'in-flight' });
    m.settle('a', { ok: true, signature: sig });
    expect(m.recall('a', 'd1')).toEqual({ state: 'settled', outcome: { ok: true, signature: sig } });
    expect(m.recall('a', 'd2')).toEqual({ state: 'conflict' });
  });

  it('forgets settled outcomes after the window but never an in-flight one', () => {
    let now = 0;
    const m = new OutcomeMemory(1000, 100, () => now);
    m.begin('slow', 'x');
    m.begin('done', 'y');
    m.settle('done', { ok: false, reason: 'no' });
    now = 999;
    expect(m.recall('done', 'y').state).toBe('settled');
    now = 1001;
    expect(m.recall('done', 'y').state).toBe('new');
    now = 10_000_000;
    expect(m.recall('slow', 'x').state).toBe('in-flight');
  });

  it('caps settled entries, oldest first', () => {
    const m = new OutcomeMemory(60_000, 10);
    for (let i = 0; i < 30; i++) {
      m.begin(`r${i}`, 'd');
      m.settle(`r${i}`, { ok: true, signature: sig });
    }
    m.recall('probe', 'd');
    expect(m.size).toBe(10);
    expect(m.recall('r29', 'd').state).toBe('settled');
    expect(m.recall('r0', 'd').state).toBe('new');
  });
});
