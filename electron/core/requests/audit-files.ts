// The audit log's files: the live file rotated by size, its predecessors, and their entries read back in order.
import { createReadStream } from 'node:fs';
import { type FileHandle, open, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CHAIN_EVENTS } from '../audit-chain';
import { type AuditRecord, auditRecordSchema } from './audit-entry';

/** The file being appended to; rotated files are audit.1.jsonl (newest) … audit.N.jsonl (oldest). */
export const LIVE_AUDIT_FILE = 'audit.jsonl';
const ROTATED = /^audit\.([1-9][0-9]{0,3})\.jsonl$/;

/** Every audit file in the folder, oldest first, whatever limit the writer rotated with. */
export async function listAuditFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const rotated = names
    .map((name) => ROTATED.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]))
    .map((m) => join(dir, m[0]));
  return [...rotated, join(dir, LIVE_AUDIT_FILE)];
}

/** The live file and its rotated predecessors: appends go to the live file, which rotates by size. */
export class RotatingFile {
  private handle: FileHandle | null = null;
  /** Bytes in the live file. */
  size = 0;

  constructor(
    readonly dir: string,
    private readonly maxBytes: number,
    private readonly maxFiles: number,
  ) {}

  /** Oldest first: the rotated files from the highest number down, then the live file. */
  files(): string[] {
    const names: string[] = [];
    for (let i = this.maxFiles; i >= 1; i--) names.push(join(this.dir, `audit.${i}.jsonl`));
    names.push(join(this.dir, LIVE_AUDIT_FILE));
    return names;
  }

  /**
   * How many of `lines` (at most `max`, at least one when there are any) the next append takes so the live file stays
   * within maxBytes, counting the rotation the first line may cause: a burst still rotates near the limit.
   */
  linesThatFit(lines: readonly Uint8Array[], max: number): number {
    const [first] = lines;
    if (first === undefined) return 0;
    const n = Math.min(max, lines.length);
    let bytes = first.length;
    const room = this.size > 0 && this.size + bytes > this.maxBytes ? this.maxBytes : this.maxBytes - this.size;
    let taken = 1;
    for (; taken < n; taken++) {
      bytes += lines[taken]!.length; // taken < n <= lines.length
      if (bytes > room) break;
    }
    return taken;
  }

  /** Appends whole lines, rotating first when they would take the live file past maxBytes. */
  async append(chunk: Uint8Array): Promise<void> {
    const bytes = chunk.length;
    if (this.size > 0 && this.size + bytes > this.maxBytes) await this.rotate();
    if (!this.handle) this.handle = await open(join(this.dir, LIVE_AUDIT_FILE), 'a', 0o600);
    await this.handle.write(chunk);
    this.size += bytes;
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
  }

  /** Shifts audit.N → audit.N+1 (dropping the oldest), then the live file becomes audit.1. */
  private async rotate(): Promise<void> {
    await this.close();
    await unlink(join(this.dir, `audit.${this.maxFiles}.jsonl`)).catch(ignoreMissing);
    for (let i = this.maxFiles - 1; i >= 1; i--) {
      await rename(join(this.dir, `audit.${i}.jsonl`), join(this.dir, `audit.${i + 1}.jsonl`)).catch(ignoreMissing);
    }
    await rename(join(this.dir, LIVE_AUDIT_FILE), join(this.dir, 'audit.1.jsonl')).catch(ignoreMissing);
    this.size = 0;
  }
}

/**
 * Every readable entry of the files, oldest first. A line that is not valid JSON or not a valid
 * entry (a torn write, a hand edit) is skipped and counted in `stats.skipped`, never thrown; the
 * chain's own records are skipped silently.
 */
export async function* readAuditEntries(files: string[], stats: { skipped: number }): AsyncGenerator<AuditRecord> {
  for (const file of files) {
    const stream = createReadStream(file, { encoding: 'utf8' });
    const opened = await new Promise<boolean>((resolve) => {
      stream.once('open', () => resolve(true));
      stream.once('error', () => resolve(false));
    });
    if (!opened) continue;
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    try {
      for await (const line of lines) {
        if (line.trim() === '') continue;
        const entry = parseLine(line);
        if (entry === 'chain') continue;
        if (entry) yield entry;
        else stats.skipped++;
      }
    } catch {
      // Unreadable (e.g. a directory in the file's place): reading stays tolerant; verification reports it.
      stats.skipped++;
    }
  }
}

// ## Helpers

/** A missing file during rotation just means there was nothing to shift. */
function ignoreMissing(e: NodeJS.ErrnoException): void {
  if (e.code !== 'ENOENT') throw e;
}

const CHAIN_EVENT_NAMES: ReadonlySet<unknown> = new Set(CHAIN_EVENTS);

/** One line to an entry, 'chain' for the chain's own records, or null when it is neither. */
function parseLine(line: string): AuditRecord | 'chain' | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (raw !== null && typeof raw === 'object' && CHAIN_EVENT_NAMES.has((raw as { event?: unknown }).event)) {
    return 'chain';
  }
  const parsed = auditRecordSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
