// Tests of the persisted wrong-password backoff.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDataDir } from '../../../test/helpers/tmp';
import { BACKOFF_FILE, delayAfter, UnlockBackoff } from './backoff';

describe('wrong-password backoff', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeDataDir()));
  afterEach(() => cleanup());

  it('allows 5 failures in a row, then doubles the wait from 1 s up to 15 minutes', () => {
    expect([0, 4].map(delayAfter)).toEqual([0, 0]);
    expect([5, 6, 7, 8].map(delayAfter)).toEqual([1000, 2000, 4000, 8000]);
    expect(delayAfter(40)).toBe(15 * 60 * 1000);
  });

  it('refuses during the wait, allows after it, resets on success, and survives a new process', async () => {
    let now = 1_000_000;
    const clock = () => now;
    const b = new UnlockBackoff(dir, clock);
    for (let i = 0; i < 5; i++) {
      await b.check('a');
      await b.failed('a');
    }
    await expect(b.check('a')).rejects.toMatchObject({ code: 'retry_later' });
    // another process (a new CLI run) sees the same count
    const again = new UnlockBackoff(dir, clock);
    const err = await again.check('a').catch((e) => e);
    expect(err).toMatchObject({ code: 'retry_later', details: { retryAfterMs: 1000 }, message: /try again in 1 s/ });
    await again.check('b'); // other keyspaces are unaffected
    now += 1000;
    await again.check('a');
    await again.failed('a');
    await expect(again.check('a')).rejects.toMatchObject({ details: { retryAfterMs: 2000 } });
    now += 2000;
    await again.succeeded('a');
    await again.failed('a');
    await again.check('a'); // one failure after a success is free again
  });

  it('treats an unreadable state file as no failures', async () => {
    await writeFile(join(dir, BACKOFF_FILE), 'garbage');
    const b = new UnlockBackoff(dir);
    await b.check('a');
    await b.failed('a');
    await b.check('a');
  });
});
