import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type AuditEntry, auditEntrySchema } from './audit-entry';

export interface AuditLogOptions {
  /** Rotate the live file before it would grow past this. */
  maxBytes?: number;
  /** Rotated files kept (audit.1.jsonl newest … audit.N.jsonl oldest). */
  maxFiles?: number;
  /** Where write failures are reported; entries stay queued and are retried on the next write. */
  warn?: (message: string) => void;
}

export const DEFAULT_AUDIT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_AUDIT_MAX_FILES = 5;
const LIVE_FILE = 'audit.jsonl';
/** Lines per write: big enough to amortise the syscall, small enough to rotate close to maxBytes. */
const BATCH_LINES = 500;
/** Lines held in memory while the disk refuses writes; beyond this the oldest are dropped, with a warning. */
const MAX_BUFFERED_LINES = 100_000;

/**
 * Append-only JSONL audit log in its own folder, rotated by size. Appends are synchronous for the
 * caller and batched into one write per turn, so logging never slows the queue down.
 */
export class AuditLog {
  /** Running totals since open, for observers (metrics): lines on disk, failed writes, lines dropped. */
  readonly stats = { linesWritten: 0, writeFailures: 0, linesDropped: 0 };
  private handle: FileHandle | null = null;
  private size = 0;
  private buffered: string[] = [];
  private writing: Promise<void> | null = null;
  private closed = false;
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private readonly warn: (message: string) => void;

  private constructor(
    readonly dir: string,
    options: AuditLogOptions,
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_AUDIT_MAX_BYTES;
    this.maxFiles = Math.max(1, options.maxFiles ?? DEFAULT_AUDIT_MAX_FILES);
    this.warn = options.warn ?? ((m) => process.stderr.write(`audit log: ${m}\n`));
  }

  static async open(dir: string, options: AuditLogOptions = {}): Promise<AuditLog> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const log = new AuditLog(dir, options);
    log.size = await stat(join(dir, LIVE_FILE)).then(
      (s) => s.size,
      () => 0,
    );
    if (log.size > 0 && !(await endsWithNewline(join(dir, LIVE_FILE), log.size))) log.buffered.push('\n');
    return log;
  }

  /** Queues one entry; it reaches the disk within the current turn of the event loop. */
  append(entry: AuditEntry): void {
    this.appendLine(`${JSON.stringify(entry)}\n`);
  }

  /** Queues an entry already serialised by auditLineFor (one JSON object and its newline). */
  appendLine(line: string): void {
    if (this.closed) return;
    this.buffered.push(line);
    if (this.buffered.length > MAX_BUFFERED_LINES) {
      const dropped = this.buffered.splice(0, this.buffered.length - MAX_BUFFERED_LINES);
      this.stats.linesDropped += dropped.length;
      this.warn(`disk not accepting writes: dropped ${dropped.length} oldest audit entries`);
    }
    if (!this.writing) this.writing = this.drain();
  }

  /** Resolves when everything appended so far has been written (or a write failed and was reported). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.buffered.length > 0) {
      this.writing = this.drain();
      await this.writing;
    }
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    await this.handle?.close();
    this.handle = null;
  }

  /** Oldest first: the rotated files from the highest number down, then the live file. */
  files(): string[] {
    const names: string[] = [];
    for (let i = this.maxFiles; i >= 1; i--) names.push(join(this.dir, `audit.${i}.jsonl`));
    names.push(join(this.dir, LIVE_FILE));
    return names;
  }

  /**
   * Every readable entry, oldest first. A line that is not valid JSON or not a valid entry (a torn
   * write, a hand edit) is skipped and counted in `stats.skipped`, never thrown.
   */
  async *entries(stats: { skipped: number } = { skipped: 0 }): AsyncGenerator<AuditEntry> {
    await this.flush();
    for (const file of this.files()) {
      const stream = createReadStream(file, { encoding: 'utf8' });
      const opened = await new Promise<boolean>((resolve) => {
        stream.once('open', () => resolve(true));
        stream.once('error', () => resolve(false));
      });
      if (!opened) continue;
      const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
      for await (const line of lines) {
        if (line.trim() === '') continue;
        const entry = parseLine(line);
        if (entry) yield entry;
        else stats.skipped++;
      }
    }
  }

  // ## Writing

  /** Writes batches until the buffer is empty; a failed batch goes back to the front of the buffer. */
  private async drain(): Promise<void> {
    try {
      while (this.buffered.length > 0) {
        // Bounded batches, so rotation happens near maxBytes even after a burst.
        const lines = this.buffered.splice(0, BATCH_LINES);
        const chunk = lines.join('');
        try {
          await this.writeChunk(chunk);
          this.stats.linesWritten += lines.length;
        } catch (e) {
          this.stats.writeFailures++;
          this.buffered = lines.concat(this.buffered);
          this.warn(`write failed (${(e as NodeJS.ErrnoException).code ?? 'error'}); will retry on the next entry`);
          return;
        }
      }
    } finally {
      this.writing = null;
    }
  }

  private async writeChunk(chunk: string): Promise<void> {
    const bytes = Buffer.byteLength(chunk);
    if (this.size > 0 && this.size + bytes > this.maxBytes) await this.rotate();
    if (!this.handle) this.handle = await open(join(this.dir, LIVE_FILE), 'a', 0o600);
    await this.handle.write(chunk);
    this.size += bytes;
  }

  /** Shifts audit.N → audit.N+1 (dropping the oldest), then the live file becomes audit.1. */
  private async rotate(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
    await unlink(join(this.dir, `audit.${this.maxFiles}.jsonl`)).catch(ignoreMissing);
    for (let i = this.maxFiles - 1; i >= 1; i--) {
      await rename(join(this.dir, `audit.${i}.jsonl`), join(this.dir, `audit.${i + 1}.jsonl`)).catch(ignoreMissing);
    }
    await rename(join(this.dir, LIVE_FILE), join(this.dir, 'audit.1.jsonl')).catch(ignoreMissing);
    this.size = 0;
  }
}

// ## Helpers

/** A crash can leave a torn last line; the next entry must start on a line of its own, not glue onto it. */
async function endsWithNewline(file: string, size: number): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
    return buffer[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

/** A missing file during rotation just means there was nothing to shift. */
function ignoreMissing(e: NodeJS.ErrnoException): void {
  if (e.code !== 'ENOENT') throw e;
}

/** One line to an entry, or null when it is not one. */
function parseLine(line: string): AuditEntry | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = auditEntrySchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
