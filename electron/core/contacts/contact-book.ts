/**
 * Known requesters and pinned servers (contacts.json in the data dir): a verified requester key the
 * user named, and each wss:// SigSocket server's TLS certificate key (SPKI SHA-256). The file is
 * validated on load; a damaged one is moved aside with a warning, as policies.json is. A running
 * wallet follows the file (`crypto-cli contacts` from another terminal) and keeps what it has when
 * a changed file does not validate.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { unwatchFile, watchFile } from 'node:fs';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import * as secp from '@noble/secp256k1';
import { z } from 'zod';
import { WalletError } from '../../../shared/errors';
import { Name } from '../../../shared/ipc/schemas';
import { writeFileAtomic } from '../../../shared/node/atomic-file';
import { issueMessage, issueWithPath } from '../../../shared/zod-issue';

/** A key no requester could sign with is no contact: the 66 hex digits must decode to a curve point. */
function onCurve(hex: string): boolean {
  try {
    secp.Point.fromHex(hex);
    return true;
  } catch {
    return false;
  }
}

export const CONTACTS_FILE = 'contacts.json';
/** A requester key as NATS requesters sign with it: compressed secp256k1, lowercase hex. */
export const RequesterKey = z
  .string()
  .regex(/^0[23][0-9a-fA-F]{64}$/, 'expected a compressed secp256k1 public key in hex (66 characters)')
  .refine(onCurve, 'not a point on secp256k1')
  .transform((k) => k.toLowerCase());
/** SHA-256 of a certificate's SubjectPublicKeyInfo, lowercase hex. */
export const SpkiHash = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hex');
/** Where a server is reached, `host:port`: the pin belongs to the address, whatever path or id it is saved under. */
export const ServerAddress = z.string().min(1).max(300);

const contactSchema = z.strictObject({ key: RequesterKey, name: Name, addedAt: z.number().int().nonnegative() });
const pinSchema = z.strictObject({
  address: ServerAddress,
  spki: SpkiHash,
  pinnedAt: z.number().int().nonnegative(),
});
export const contactsFileSchema = z.strictObject({
  version: z.literal(1),
  requesters: z.array(contactSchema).max(10_000),
  servers: z.array(pinSchema).max(10_000),
});
export type Contact = z.infer<typeof contactSchema>;
export type ServerPin = z.infer<typeof pinSchema>;

/** Names compare as a person reads them: case, width and accents-composition do not make a new name. */
export function sameName(a: string, b: string): boolean {
  return a.normalize('NFKC').toLowerCase() === b.normalize('NFKC').toLowerCase();
}

export class ContactBook extends EventEmitter<{ changed: [] }> {
  private readonly requesters = new Map<string, Contact>();
  private readonly pins = new Map<string, ServerPin>();
  private saving: Promise<void> = Promise.resolve();
  /** The file's text as this book last read or wrote it: a change to anything else came from outside. */
  private onDisk: string | null = null;
  /** Set while the file on disk does not validate: the next save moves it aside first, so nothing is lost. */
  private invalidOnDisk: string | null = null;
  /** What is wrong with the file on disk, for the user; null while it is the book's own. */
  fileProblem: string | null = null;

  private constructor(readonly file: string) {
    super();
  }

  /** Loads contacts.json from `dataDir` (missing: empty; damaged: moved aside, reported through `warn`). */
  static async open(dataDir: string, warn: (message: string) => void = () => {}): Promise<ContactBook> {
    const book = new ContactBook(join(dataDir, CONTACTS_FILE));
    let text: string | null = null;
    try {
      text = await readFile(book.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (text === null) return book;
    let problem: string;
    try {
      const parsed = contactsFileSchema.safeParse(JSON.parse(text));
      if (parsed.success) {
        book.take(parsed.data);
        book.onDisk = text;
        return book;
      }
      problem = issueWithPath(parsed.error);
    } catch {
      problem = 'not JSON';
    }
    const aside = `${book.file}.corrupt-${Date.now()}-${randomBytes(3).toString('hex')}`;
    await rename(book.file, aside);
    warn(`contacts file unreadable (${problem}); moved to ${aside}: requesters show as new, servers are pinned again`);
    return book;
  }

  /**
   * Follows changes other processes make to the file (checked every `intervalMs`): a valid file
   * replaces what the book holds and emits 'changed'; an invalid one is reported through `warn`
   * and ignored. Returns the function that stops following.
   */
  follow(warn: (message: string) => void, intervalMs = 1000): () => void {
    let checking = false;
    const check = () => {
      if (checking) return;
      checking = true;
      this.reload(warn)
        .catch((e: Error) => warn(`contacts file not re-read: ${e.message}`))
        .finally(() => (checking = false));
    };
    watchFile(this.file, { interval: intervalMs, persistent: false }, check);
    return () => unwatchFile(this.file, check);
  }

  /** Re-reads the file if something other than this book changed it; true when the book took the new contents. */
  async reload(warn: (message: string) => void = () => {}): Promise<boolean> {
    const saving = this.saving;
    await saving;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      // A deleted file takes nothing away: the book keeps its contacts and writes them on the next change.
      return false;
    }
    // Our own write in flight, or the text we know: nothing new from outside.
    if (this.saving !== saving || text === this.onDisk || text === this.invalidOnDisk) return false;
    let problem: string;
    try {
      const parsed = contactsFileSchema.safeParse(JSON.parse(text));
      if (parsed.success) {
        this.requesters.clear();
        this.pins.clear();
        this.take(parsed.data);
        this.onDisk = text;
        this.invalidOnDisk = null;
        this.fileProblem = null;
        this.emit('changed');
        return true;
      }
      problem = issueWithPath(parsed.error);
    } catch {
      problem = 'not JSON';
    }
    this.invalidOnDisk = text;
    this.fileProblem =
      `${CONTACTS_FILE} changed but is invalid (${problem}); keeping the ${this.requesters.size} contacts and ` +
      `${this.pins.size} pins loaded before; the invalid file is moved aside on the next change`;
    warn(this.fileProblem);
    this.emit('changed');
    return false;
  }

  private take(data: z.infer<typeof contactsFileSchema>): void {
    for (const c of data.requesters) this.requesters.set(c.key, c);
    for (const p of data.servers) this.pins.set(p.address, p);
  }

  /** Named requesters, by name. */
  list(): Contact[] {
    return [...this.requesters.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  requester(key: string): Contact | undefined {
    return this.requesters.get(key.toLowerCase());
  }

  byName(name: string): Contact | undefined {
    for (const c of this.requesters.values()) if (sameName(c.name, name)) return c;
    return undefined;
  }

  /** Names (or renames) a requester key. A name another key already has is 'exists': one name, one key. */
  async name(key: string, name: string, now = Date.now()): Promise<Contact> {
    const k = parseOr(RequesterKey, key, 'key');
    const n = parseOr(Name, name, 'name');
    const holder = this.byName(n);
    if (holder && holder.key !== k) throw new WalletError('exists', `"${holder.name}" already names another key`);
    const contact = { key: k, name: n, addedAt: this.requesters.get(k)?.addedAt ?? now };
    this.requesters.set(k, contact);
    await this.save();
    return contact;
  }

  /** Forgets a requester key; false when it was not known. */
  async forget(key: string): Promise<boolean> {
    const k = parseOr(RequesterKey, key, 'key');
    if (!this.requesters.delete(k)) return false;
    await this.save();
    return true;
  }

  pin(address: string): ServerPin | undefined {
    return this.pins.get(address);
  }

  /** Pins (or re-pins, once the user accepted a change) a server's certificate key. */
  async setPin(address: string, spki: string, now = Date.now()): Promise<void> {
    const pin = pinSchema.parse({ address, spki, pinnedAt: now });
    this.pins.set(pin.address, pin);
    await this.save();
  }

  /** Resolves once every change so far is on disk. */
  flush(): Promise<void> {
    return this.saving;
  }

  /** Writes the whole book after the writes before it, so the file always holds the newest state. */
  private save(): Promise<void> {
    const text = `${JSON.stringify(
      { version: 1, requesters: [...this.requesters.values()], servers: [...this.pins.values()] },
      null,
      2,
    )}\n`;
    const write = this.saving.then(async () => {
      if (this.invalidOnDisk !== null) {
        await rename(this.file, `${this.file}.invalid-${Date.now()}-${randomBytes(3).toString('hex')}`).catch(() => {});
        this.invalidOnDisk = null;
        this.fileProblem = null;
      }
      this.onDisk = text;
      await writeFileAtomic(this.file, text);
    });
    this.saving = write.catch(() => {});
    this.emit('changed');
    return write;
  }
}

function parseOr<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new WalletError('bad_input', `invalid ${what}: ${issueMessage(parsed.error)}`);
  return parsed.data;
}
