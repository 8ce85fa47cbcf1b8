/** Persistence rules for connection secrets: the NATS token or password in the secret store, a server's kept CA. */
import type { z } from 'zod';
import { WalletError } from '../../../shared/errors';
import type { NatsConfigInput } from '../../../shared/ipc/schemas';
import type { SecretStore } from '../vault';
import type { SettingsStore, SigsocketServerConfig } from './settings-store';

/** The secret-store entry holding the NATS token or password; settings.json only says which kind is set. */
export const NATS_SECRET_ID = 'nats-auth';

export type NatsConfig = z.output<typeof NatsConfigInput>;

/** The full NATS config: settings.json plus the secret kept in the secret store; null when none is configured. */
export async function loadNatsConfig(settings: SettingsStore, secrets: SecretStore): Promise<NatsConfig | null> {
  const stored = settings.nats;
  if (!stored) return null;
  const secret =
    stored.auth.kind === 'token' || stored.auth.kind === 'user' ? await secrets.read(NATS_SECRET_ID) : null;
  const value = secret?.value ?? '';
  const auth =
    stored.auth.kind === 'token'
      ? { kind: 'token' as const, token: value }
      : stored.auth.kind === 'user'
        ? { kind: 'user' as const, user: stored.auth.user, pass: value }
        : stored.auth;
  return { ...stored, auth };
}

/**
 * A token or password left out of a new NATS config keeps the stored one, as long as the auth kind
 * (and user) did not change; otherwise it must be given, so a secret never moves to another identity.
 */
export async function withStoredNatsSecret(
  input: NatsConfig,
  settings: SettingsStore,
  secrets: SecretStore,
): Promise<NatsConfig> {
  const { auth } = input;
  const missing =
    (auth.kind === 'token' && auth.token === undefined) || (auth.kind === 'user' && auth.pass === undefined);
  if (!missing) return input;
  const stored = settings.nats?.auth;
  const same =
    stored?.kind === auth.kind && (auth.kind !== 'user' || (stored.kind === 'user' && stored.user === auth.user));
  const secret = same ? (await secrets.read(NATS_SECRET_ID))?.value : undefined;
  if (secret === undefined) {
    throw new WalletError('bad_input', auth.kind === 'token' ? 'enter the NATS token' : 'enter the NATS password');
  }
  return { ...input, auth: auth.kind === 'token' ? { ...auth, token: secret } : { ...auth, pass: secret } };
}

/** Persists a NATS config the service accepted: its secret into the secret store, the rest into settings.json. */
export async function saveNatsConfig(input: NatsConfig, settings: SettingsStore, secrets: SecretStore): Promise<void> {
  const secret = input.auth.kind === 'token' ? input.auth.token : input.auth.kind === 'user' ? input.auth.pass : null;
  if (secret !== null && secret !== undefined) await secrets.write(NATS_SECRET_ID, secret);
  else await secrets.remove(NATS_SECRET_ID);
  await settings.setNats(input);
}

/** An edit that leaves the CA out keeps the stored one; null removes it. */
export function withStoredCa(
  settings: SettingsStore,
  edit: Omit<SigsocketServerConfig, 'ca'> & { ca?: string | null },
): SigsocketServerConfig {
  const { ca, ...rest } = edit;
  const stored = settings.sigsocket.find((c) => c.id === edit.id);
  return { ...rest, ca: ca === undefined ? (stored?.ca ?? null) : ca };
}
