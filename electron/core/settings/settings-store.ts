/**
 * The wallet's non-secret settings (UI preferences, SigSocket servers, NATS connection) in
 * settings.json in the data dir, parsed with zod on load and written atomically. The NATS token or
 * password never goes in this file: it lives in the secret store (the OS keychain, or with the file
 * store a file guarded only by its permissions); see connection-secrets.ts.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { WalletError } from '../../../shared/errors';
import { NatsConfigInput, Settings, SigsocketDialect } from '../../../shared/ipc/schemas';
import { writeFileAtomic } from '../../../shared/node/atomic-file';

export const DEFAULT_SETTINGS: Settings = {
  autoLockMinutes: 15,
  raiseOnRequest: true,
  notifications: true,
  theme: 'system',
  checkForUpdates: true,
};

/** Stored settings with every key a newer version added filled from the defaults; anything else must parse. */
const StoredSettings = z.preprocess(
  (stored) =>
    stored !== null && typeof stored === 'object' && !Array.isArray(stored)
      ? { ...DEFAULT_SETTINGS, ...stored }
      : stored,
  Settings,
);

export const SigsocketServerConfig = z.object({
  id: z.string().min(1),
  url: z.string(),
  /** Settings written before failover existed have none. */
  alternateUrls: z.array(z.string()).optional(),
  keyspace: z.string(),
  keypair: z.string(),
  dialect: SigsocketDialect,
  ca: z.string().nullable(),
});
export type SigsocketServerConfig = z.infer<typeof SigsocketServerConfig>;

/** NATS settings as stored: the auth kind (and user name) only; the token or password is in the secret store. */
const StoredNats = NatsConfigInput.omit({ auth: true }).extend({
  auth: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('token') }),
    z.object({ kind: z.literal('user'), user: z.string() }),
    z.object({ kind: z.literal('nkey'), seedFile: z.string() }),
    z.object({ kind: z.literal('creds'), credsFile: z.string() }),
  ]),
});
export type StoredNats = z.infer<typeof StoredNats>;

export const SettingsFile = z.object({
  version: z.literal(1),
  settings: StoredSettings.default(DEFAULT_SETTINGS),
  sigsocket: z.array(SigsocketServerConfig).default([]),
  nats: StoredNats.nullable().default(null),
});
type SettingsFile = z.infer<typeof SettingsFile>;

export class SettingsStore {
  private constructor(
    private readonly file: string,
    private data: SettingsFile,
  ) {}

  /** Loads settings.json; a missing file gives defaults, a damaged one a clear error (never silently reset). */
  static async open(dataDir: string): Promise<SettingsStore> {
    const file = join(dataDir, 'settings.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      return new SettingsStore(file, SettingsFile.parse({ version: 1 }));
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new WalletError('corrupt', `${file} is not valid JSON; fix or remove it`);
    }
    const parsed = SettingsFile.safeParse(json);
    if (!parsed.success) {
      throw new WalletError('corrupt', `${file} is not a valid settings file: ${z.prettifyError(parsed.error)}`);
    }
    return new SettingsStore(file, parsed.data);
  }

  get settings(): Settings {
    return this.data.settings;
  }
  get sigsocket(): readonly SigsocketServerConfig[] {
    return this.data.sigsocket;
  }
  get nats(): StoredNats | null {
    return this.data.nats;
  }

  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    return this.save({ ...this.data, settings: Settings.parse({ ...this.data.settings, ...patch }) }).then(
      () => this.data.settings,
    );
  }

  async addSigsocket(server: Omit<SigsocketServerConfig, 'id'>): Promise<SigsocketServerConfig> {
    const entry = { ...server, id: randomUUID() };
    await this.save({ ...this.data, sigsocket: [...this.data.sigsocket, entry] });
    return entry;
  }

  async updateSigsocket(server: SigsocketServerConfig): Promise<void> {
    if (!this.data.sigsocket.some((s) => s.id === server.id))
      throw new WalletError('not_found', 'no such SigSocket server');
    await this.save({ ...this.data, sigsocket: this.data.sigsocket.map((s) => (s.id === server.id ? server : s)) });
  }

  async removeSigsocket(id: string): Promise<void> {
    if (!this.data.sigsocket.some((s) => s.id === id)) throw new WalletError('not_found', 'no such SigSocket server');
    await this.save({ ...this.data, sigsocket: this.data.sigsocket.filter((s) => s.id !== id) });
  }

  /** Stores the NATS settings; parsing strips any secret a caller passed along by mistake. */
  async setNats(nats: StoredNats | null): Promise<void> {
    await this.save({ ...this.data, nats: nats === null ? null : StoredNats.parse(nats) });
  }

  private async save(next: SettingsFile): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
    this.data = next;
  }
}
