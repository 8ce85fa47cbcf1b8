/**
 * The wallet as a NATS micro service (ADR-32): `$SRV.PING`, `$SRV.INFO` and `$SRV.STATS` find it, and
 * its endpoints `sign`, `public_key` and `list_keypairs` take the same JSON as the listener's ops,
 * under the listener's subject: `<subject>.sign` and so on.
 */
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import type { JsonOpName } from './json-ops';

export const SERVICE_NAME = 'signing-wallet';
export const SERVICE_ENDPOINTS = ['sign', 'public_key', 'list_keypairs'] as const satisfies readonly JsonOpName[];
/** One wallet per request even when several listen: the micro-service convention's queue group. */
export const QUEUE_GROUP = 'signing-wallet';

export interface MicroService {
  stop(): Promise<void>;
}

/** Endpoint subjects hang off the listener's subject, so one permission prefix covers the whole wallet. */
export function endpointSubject(subject: string, endpoint: JsonOpName): string {
  return `${subject}.${endpoint}`;
}

/** Registers the service on a connection; `onRequest` answers each endpoint message. */
export async function addMicroService(
  nc: NatsConnection,
  opts: { subject: string; version: string; description?: string },
  onRequest: (endpoint: JsonOpName, msg: Msg) => void,
): Promise<MicroService> {
  // Loaded on first use: it brings its own copy of nats-core, which `listening` should not wait for.
  const { Svcm } = (await import('@nats-io/services')).default;
  // @nats-io/services 3.0.0-25 is typed against an older nats-core; the connection object is the same at runtime.
  const svcm = new Svcm(nc as unknown as ConstructorParameters<typeof Svcm>[0]);
  const service = await svcm.add({
    name: SERVICE_NAME,
    version: opts.version,
    description: opts.description ?? 'Signing wallet: sign with keys kept in the wallet, after approval',
    metadata: { subject: opts.subject },
    queue: QUEUE_GROUP,
  });
  for (const endpoint of SERVICE_ENDPOINTS) {
    service.addEndpoint(endpoint, {
      subject: endpointSubject(opts.subject, endpoint),
      metadata: { format: 'json', op: endpoint },
      handler: (err, msg) => {
        if (!err) onRequest(endpoint, msg as unknown as Msg);
      },
    });
  }
  return {
    stop: async () => {
      if (!service.isStopped) await service.stop().catch(() => null);
    },
  };
}
