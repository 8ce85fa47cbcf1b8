// The audit log writer: a chained JSONL line per request event, written in batches, rotated and checkpointed.
import { mkdir, truncate } from 'node:fs/promises';
import { PacedWrites } from '../../../shared/node/paced-writes';
import {
  type AuditKeys,
  type ChainHead,
  type ChainReport,
  chainFields,
  chainLine,
  chainStartBody,
  checkpointBody,
  GENESIS_PREV,
  headMessage,
  lineHash,
  readLastLine,
  readRawLines,
  type VerifyChainOptions,
  verifyChain,
} from '../audit-chain';
import type { AuditRecord } from './audit-entry';
import { RotatingFile, readAuditEntries } from './audit-files';

export interface AuditLogOptions {
  /** Rotate the live file before it would grow past this. */
  maxBytes?: number;
  /** Rotated files kept (audit.1.jsonl newest … audit.N.jsonl oldest). */
  maxFiles?: number;
  /** Where write failures are reported; entries stay queued and are retried on the next write. */
  warn?: (message: string) => void;
  /** Signs checkpoints and records the newest one; without keys the log is chained but unsigned. */
  keys?: AuditKeys;
  /** Lines between checkpoints (one more is always written on close). */
  checkpointEvery?: number;
  /** Time for the chain's own records. */
  now?: () => number;
  /** A busy log starts at most one write per this many ms (docs/audit-log.md); an idle one writes after the turn. */
  minWriteIntervalMs?: number;
}

export const DEFAULT_AUDIT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_AUDIT_MAX_FILES = 5;
/** Lines per write: big enough to amortise the syscall, small enough to rotate close to maxBytes. */
const BATCH_LINES = 500;
/** Lines held in memory while the disk refuses writes; beyond this the oldest are dropped, with a warning. */
const MAX_BUFFERED_LINES = 100_000;
export const DEFAULT_CHECKPOINT_EVERY = 1000;
/** At most 200 writes a second: under load one write carries many requests' lines, at a crash cost of ≤5 ms of lines. */
export const DEFAULT_MIN_WRITE_INTERVAL_MS = 5;

/**
 * Append-only JSONL audit log in its own folder, rotated by size, chained and checkpointed
 * (docs/audit-log.md). Appends are synchronous for the caller: each line is chained at once, so the
 * order is fixed when the event happens, and lines reach the disk in batches: an idle log writes a turn's
 * lines once the turn's other work is done, a busy one starts at most one write per minWriteIntervalMs.
 * No signature waits for its lines: durability is a line in the file (handed to the OS, no fsync)
 * within that interval of the turn it was appended in, unless the process dies first;
 * close() and checkpoint() flush. The keychain learns of a checkpoint only once its line is written.
 */
export class AuditLog {
  /** Running totals since open, for observers (metrics): lines on disk, writes, failed writes, lines dropped. */
  readonly stats = { linesWritten: 0, batchesWritten: 0, writeFailures: 0, linesDropped: 0 };
  private readonly file: RotatingFile;
  /**
   * Chained lines waiting for their write, as UTF-8 bytes: encoded once for both the hash and the write,
   * and held outside the JS heap, so a busy log's waiting lines cost the garbage collector nothing to move.
   */
  private buffered: Buffer[] = [];
  /** Seq of buffered[0], and of the newest line known to be on disk. */
  private bufferedSeq = 0;
  private writtenThrough = -1;
  private writing: Promise<void> | null = null;
  private readonly pacing: PacedWrites;
  private closed = false;
  /** The next line's seq and prev. */
  private seq = 0;
  private prev = GENESIS_PREV;
  private sinceCheckpoint = 0;
  private headToSave: ChainHead | null = null;
  private savingHead: Promise<void> | null = null;
  private readonly checkpointEvery: number;
  private readonly warn: (message: string) => void;
  private readonly now: () => number;

  private constructor(
    readonly dir: string,
    private readonly options: AuditLogOptions,
  ) {
    this.file = new RotatingFile(
      dir,
      options.maxBytes ?? DEFAULT_AUDIT_MAX_BYTES,
      Math.max(1, options.maxFiles ?? DEFAULT_AUDIT_MAX_FILES),
    );
    this.checkpointEvery = Math.max(1, options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY);
    this.warn = options.warn ?? ((m) => process.stderr.write(`audit log: ${m}\n`));
    this.now = options.now ?? Date.now;
    this.pacing = new PacedWrites(options.minWriteIntervalMs ?? DEFAULT_MIN_WRITE_INTERVAL_MS, () => {
      if (!this.writing && this.buffered.length > 0) this.writing = this.drain();
    });
  }

  static async open(dir: string, options: AuditLogOptions = {}): Promise<AuditLog> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const log = new AuditLog(dir, options);
    await log.resumeChain();
    await log.checkOnOpen();
    return log;
  }

  /** The audit public key (base64 SPKI) that signs this log's checkpoints, when it has one. */
  get publicKey(): string | null {
    return this.options.keys?.signer.publicKey ?? null;
  }

  /** Queues one entry; its write starts at the end of the current turn of the event loop. */
  append(entry: AuditRecord): void {
    this.appendLine(`${JSON.stringify(entry)}\n`);
  }

  /** Queues an entry already serialised by auditLineFor (one JSON object and its newline). */
  appendLine(line: string): void {
    if (this.closed) return;
    this.push(line);
    if (++this.sinceCheckpoint >= this.checkpointEvery) this.checkpoint();
  }

  /** Signs the current head into the log now (when anything was written since the last checkpoint). */
  checkpoint(): void {
    const keys = this.options.keys;
    if (!keys || this.sinceCheckpoint === 0 || this.closed) return;
    const signs = { seq: this.seq - 1, sha256: this.prev };
    const sig = keys.signer.sign(headMessage(signs.seq, signs.sha256));
    this.push(checkpointBody(this.now(), { signs, key: keys.signer.publicKey, sig }));
    this.sinceCheckpoint = 0;
    this.headToSave = { seq: this.seq - 1, sha256: this.prev };
    this.saveHeadWhenWritten();
  }

  /** Checkpoints, then waits until that checkpoint is on disk and recorded in the keychain. */
  async checkpointAndFlush(): Promise<void> {
    this.checkpoint();
    await this.flush();
    while (this.savingHead) await this.savingHead;
  }

  /**
   * Verifies this log as it stands (flushed first) against its audit key and the checkpoint the
   * keychain recorded; its own unsigned tail is expected while it runs.
   */
  async verify(opts: VerifyChainOptions = {}): Promise<ChainReport> {
    await this.flush();
    while (this.savingHead) await this.savingHead;
    const anchor = 'anchor' in opts ? opts.anchor : await this.options.keys?.readHead();
    return verifyChain(readRawLines(this.files()), {
      trustedKey: this.publicKey,
      allowUnsignedTail: !this.closed,
      ...opts,
      anchor,
    });
  }

  /** Resolves when everything appended so far has been written (or a write failed and was reported). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.buffered.length > 0) {
      this.writing = this.drain(true);
      await this.writing;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.checkpointAndFlush();
    this.closed = true;
    await this.file.close();
  }

  /** Oldest first: the rotated files from the highest number down, then the live file. */
  files(): string[] {
    return this.file.files();
  }

  /**
   * Every readable entry, oldest first. A line that is not valid JSON or not a valid entry (a torn
   * write, a hand edit) is skipped and counted in `stats.skipped`, never thrown.
   */
  async *entries(stats: { skipped: number } = { skipped: 0 }): AsyncGenerator<AuditRecord> {
    await this.flush();
    yield* readAuditEntries(this.files(), stats);
  }

  // ## Chaining

  /** Chains one line and queues it for the next write (PacedWrites); with `kick` false it rides with the next line's. */
  private push(line: string, kick = true): void {
    const chained = Buffer.from(chainLine(line, this.seq, this.prev));
    this.prev = lineHash(chained);
    this.seq++;
    this.buffered.push(chained);
    if (this.buffered.length > MAX_BUFFERED_LINES) {
      const dropped = this.buffered.length - MAX_BUFFERED_LINES;
      this.buffered.splice(0, dropped);
      this.bufferedSeq += dropped;
      this.stats.linesDropped += dropped;
      this.warn(`disk not accepting writes: dropped ${dropped} oldest audit entries (the chain will show the gap)`);
    }
    // Never before the turn's other work is done: a request's lines go out together, its reply first.
    if (kick) this.pacing.schedule();
  }

  /**
   * Continues the chain from the newest line on disk. A line cut off by an interrupted write is
   * removed (it never was a whole entry); a log written before chaining gets a chain start at its end.
   */
  private async resumeChain(): Promise<void> {
    const files = this.files().reverse();
    for (const file of files) {
      const tail = await readLastLine(file);
      if (!tail) continue;
      if (tail.tornBytes > 0) {
        await truncate(file, tail.size - tail.tornBytes);
        this.warn(`removed ${tail.tornBytes} bytes of an entry cut off by an interrupted write`);
      }
      if (file === files[0]) this.file.size = tail.size - tail.tornBytes;
      if (!tail.line) continue;
      const fields = chainFields(tail.line.toString('utf8'));
      this.prev = lineHash(tail.line);
      if (fields) {
        this.seq = fields.seq + 1;
        this.bufferedSeq = this.seq;
        this.writtenThrough = fields.seq;
        return;
      }
      this.startChain('chain started at the end of an existing log: the lines above this one are not chained');
      return;
    }
    this.startChain('new audit log');
  }

  /**
   * The next checkpoint replaces the keychain's record of the last one, so a log cut or rewritten
   * while the wallet was closed must be stated in the log now, while that record still shows it.
   */
  private async checkOnOpen(): Promise<void> {
    if (!this.options.keys) return;
    const report = await this.verify({ anchor: await this.options.keys.readHead(), allowUnsignedTail: true });
    if (report.ok || !report.break) return;
    const where = `${report.break.file} line ${report.break.line}`;
    this.warn(`the audit log does not verify: ${where}: ${report.break.problem}`);
    this.push(chainStartBody(this.now(), `found at open: ${where}: ${report.break.problem}`));
    this.sinceCheckpoint++;
  }

  private startChain(note: string): void {
    this.bufferedSeq = this.seq;
    // Opening writes nothing by itself: the start goes out with the first entry, or on close.
    this.push(chainStartBody(this.now(), note), false);
    this.sinceCheckpoint++;
  }

  /** The keychain may only learn of a checkpoint once its line is on disk, or a crash would look like a cut. */
  private saveHeadWhenWritten(): void {
    const keys = this.options.keys;
    const head = this.headToSave;
    if (!keys || !head || this.savingHead || head.seq > this.writtenThrough) return;
    this.headToSave = null;
    this.savingHead = keys
      .saveHead(head)
      .catch((e) => this.warn(`could not record the checkpoint in the keychain: ${(e as Error).message}`))
      .finally(() => {
        this.savingHead = null;
        this.saveHeadWhenWritten();
      });
  }

  // ## Writing

  /**
   * Writes a batch, and goes on while more than a batch waits, or until the buffer is empty when `all`
   * (flush, close). Lines that arrived during a paced write wait for the next interval, so a busy log
   * is not written once per request after all. A failed batch goes back to the front of the buffer.
   */
  private async drain(all = false): Promise<void> {
    try {
      do {
        const lines = this.buffered.splice(0, this.file.linesThatFit(this.buffered, BATCH_LINES));
        const chunk = Buffer.concat(lines);
        const firstSeq = this.bufferedSeq;
        this.bufferedSeq += lines.length;
        try {
          this.pacing.wrote();
          await this.file.append(chunk);
          this.stats.linesWritten += lines.length;
          this.stats.batchesWritten++;
        } catch (e) {
          this.stats.writeFailures++;
          this.buffered = lines.concat(this.buffered);
          this.bufferedSeq = firstSeq;
          this.warn(`write failed (${(e as NodeJS.ErrnoException).code ?? 'error'}); will retry on the next entry`);
          return;
        }
        this.writtenThrough = firstSeq + lines.length - 1;
        this.saveHeadWhenWritten();
      } while (this.buffered.length >= (all ? 1 : BATCH_LINES));
      if (this.buffered.length > 0) this.pacing.schedule();
    } finally {
      this.writing = null;
    }
  }
}
