/**
 * Requester keys this wallet has seen (seen-requesters.json in the data dir), named or not: a card
 * says "new requester" only for a key's first request, and "seen before" for an unnamed key after that.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../../shared/node/atomic-file';
import { issueWithPath } from '../../../shared/zod-issue';
import type { QueueChange, RequestQueue } from '../requests';
import { RequesterKey } from './contact-book';

export const SEEN_FILE = 'seen-requesters.json';
/** Keys kept; past this the longest-known are dropped, so a flood of throwaway keys cannot grow the file forever. */
export const MAX_SEEN_KEYS = 10_000;

const seenSchema = z.strictObject({ key: RequesterKey, firstSeenAt: z.number().int().nonnegative() });
export const seenFileSchema = z.strictObject({
  version: z.literal(1),
  keys: z.array(seenSchema).max(MAX_SEEN_KEYS),
});

export class SeenKeys {
  /** Key → when its first request arrived; insertion order is first-seen order. */
  private readonly keys = new Map<string, number>();
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;

  private constructor(
    readonly file: string,
    private readonly warn: (message: string) => void,
    private readonly limit: number,
  ) {}

  /** Loads the list from `dataDir` (missing: empty; damaged: moved aside with a warning, every key is new again). */
  static async open(
    dataDir: string,
    warn: (message: string) => void = () => {},
    limit = MAX_SEEN_KEYS,
  ): Promise<SeenKeys> {
    const seen = new SeenKeys(join(dataDir, SEEN_FILE), warn, Math.min(limit, MAX_SEEN_KEYS));
    let text: string | null = null;
    try {
      text = await readFile(seen.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (text === null) return seen;
    let problem: string;
    try {
      const parsed = seenFileSchema.safeParse(JSON.parse(text));
      if (parsed.success) {
        const ordered = [...parsed.data.keys].sort((a, b) => a.firstSeenAt - b.firstSeenAt);
        for (const k of ordered) if (!seen.keys.has(k.key)) seen.keys.set(k.key, k.firstSeenAt);
        for (const oldest of seen.keys.keys()) if (seen.keys.size > seen.limit) seen.keys.delete(oldest);
        return seen;
      }
      problem = issueWithPath(parsed.error);
    } catch {
      problem = 'not JSON';
    }
    const aside = `${seen.file}.corrupt-${Date.now()}-${randomBytes(3).toString('hex')}`;
    await rename(seen.file, aside);
    warn(`seen-requesters file unreadable (${problem}); moved to ${aside}: unnamed requesters show as new once more`);
    return seen;
  }

  /** When the key's first request arrived, or undefined for a key never seen. */
  firstSeenAt(key: string): number | undefined {
    return this.keys.get(key.toLowerCase());
  }

  /** Records a key's request at `at`; the first one stays its first-seen time. Saved in the background. */
  note(key: string, at: number): number {
    const parsed = RequesterKey.safeParse(key);
    if (!parsed.success) return at;
    const known = this.keys.get(parsed.data);
    if (known !== undefined) return known;
    this.keys.set(parsed.data, at);
    for (const oldest of this.keys.keys()) {
      if (this.keys.size <= this.limit) break;
      this.keys.delete(oldest);
    }
    this.scheduleSave();
    return at;
  }

  /** Records every verified NATS requester the queue takes in; returns the detach function. */
  track(queue: Pick<RequestQueue, 'on' | 'off'>): () => void {
    const onChange = (change: QueueChange) => {
      if (change.type !== 'added') return;
      const { source, createdAt } = change.view;
      if (source.kind === 'nats' && source.verified && source.requester) this.note(source.requester, createdAt);
    };
    queue.on('changed', onChange);
    return () => queue.off('changed', onChange);
  }

  /** Resolves once every key noted so far is on disk. */
  async flush(): Promise<void> {
    while (this.dirty) await this.saving;
    await this.saving;
  }

  /** One write at a time, each with the newest list: a burst of new keys costs one or two writes. */
  private scheduleSave(): void {
    if (this.dirty) return;
    this.dirty = true;
    this.saving = this.saving.then(async () => {
      this.dirty = false;
      const keys = [...this.keys].map(([key, firstSeenAt]) => ({ key, firstSeenAt }));
      await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, keys })}\n`).catch((e: Error) =>
        this.warn(`seen-requesters file not saved: ${e.message}`),
      );
    });
  }
}
