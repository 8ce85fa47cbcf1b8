/** Contract handlers for connections (SigSocket servers, NATS) and settings. */
import type { NatsSigningService } from '../../nats';
import { saveNatsConfig, withStoredCa, withStoredNatsSecret } from '../../settings/connection-secrets';
import type { SettingsStore } from '../../settings/settings-store';
import type { SigsocketConnections } from '../../sigsocket/connections';
import type { SecretStore } from '../../vault';
import type { Handlers } from '../dispatch';

type ConnectionChannels = Extract<keyof Handlers, `sigsocket:${string}` | `nats:${string}` | 'settings:set'>;

export interface ConnectionHandlerDeps {
  sigsocket: SigsocketConnections;
  nats: NatsSigningService;
  settings: SettingsStore;
  secrets: SecretStore;
  onSettings(next: { autoLockMinutes: number }): void;
}

export function connectionHandlers(deps: ConnectionHandlerDeps): Pick<Handlers, ConnectionChannels> {
  const { sigsocket, nats, settings, secrets } = deps;
  return {
    'sigsocket:add': (input) => sigsocket.add(input),
    'sigsocket:update': (edit) => sigsocket.update(withStoredCa(settings, edit)),
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
      const input = await withStoredNatsSecret(given, settings, secrets);
      // Validate by starting first: a config the service refuses is never persisted.
      await nats.reconfigure(input);
      await saveNatsConfig(input, settings, secrets);
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
