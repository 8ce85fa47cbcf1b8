/** Contract handlers for connections (SigSocket servers, NATS) and settings. */
import type { z } from 'zod';
import { WalletError } from '../../../shared/errors';
import type { NatsConfigInput } from '../../../shared/ipc/schemas';
import type { SigsocketConnections } from '../connections/sigsocket-connections';
import type { Handlers } from '../dispatch';
import type { NatsSigningService } from '../nats';
import type { SettingsStore } from '../settings/settings-store';
import type { SecretStore } from '../vault';

type ConnectionChannels = Extract<keyof Handlers, `sigsocket:${string}` | `nats:${string}` | 'settings:set'>;

/** Where the NATS token or password lives: the secret store (OS keychain), never settings.json. */
export const NATS_SECRET_ID = 'nats-auth';

export interface ConnectionHandlerDeps {
  sigsocket: SigsocketConnections;
  nats: NatsSigningService;
  settings: SettingsStore;
  secrets: SecretStore;
  onSettings(next: { autoLockMinutes: number }): void;
}

type NatsConfig = z.output<typeof NatsConfigInput>;

/** The full NATS config: settings.json plus the secret kept in the secret store. */
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
 * A token or password left out of nats:configure keeps the stored one, as long as the auth kind (and
 * user) did not change; otherwise it must be given.
 */
async function withStoredSecret(input: NatsConfig, settings: SettingsStore, secrets: SecretStore): Promise<NatsConfig> {
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

export function connectionHandlers(deps: ConnectionHandlerDeps): Pick<Handlers, ConnectionChannels> {
  const { sigsocket, nats, settings, secrets } = deps;
  return {
    'sigsocket:add': (input) => sigsocket.add(input),
    'sigsocket:update': ({ id, ca, ...rest }) => {
      const stored = settings.sigsocket.find((c) => c.id === id);
      return sigsocket.update({ id, ...rest, ca: ca === undefined ? (stored?.ca ?? null) : ca });
    },
    'sigsocket:remove': async ({ id }) => {
      await sigsocket.remove(id);
      return null;
    },
    'sigsocket:reconnect': async ({ id }) => {
      await sigsocket.reconnect(id);
      return null;
    },
    'sigsocket:acceptCertificate': async ({ id, sha256 }) => {
      await sigsocket.acceptCertificate(id, sha256);
      return null;
    },
    'nats:configure': async (given) => {
      const input = await withStoredSecret(given, settings, secrets);
      const secret =
        input.auth.kind === 'token' ? input.auth.token : input.auth.kind === 'user' ? input.auth.pass : null;
      // Validate by starting first: a config the service refuses is never persisted.
      await nats.reconfigure(input);
      if (secret !== null && secret !== undefined) await secrets.write(NATS_SECRET_ID, secret);
      else await secrets.remove(NATS_SECRET_ID);
      await settings.setNats(input);
      const view = nats.view();
      if (!view) throw new Error('NATS service has no configuration after configure');
      return view;
    },
    'nats:reconnect': () => {
      nats.reconnectNow();
      return null;
    },
    'settings:set': async (patch) => {
      const next = await settings.updateSettings(patch);
      deps.onSettings(next);
      return next;
    },
  };
}
