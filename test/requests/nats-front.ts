// The real NATS request handler (requester signatures, replay guard, JSON sign) in front of a test queue, without a server.
import { RequestHandler } from '../../electron/core/nats/handler';
import type { QueuePort, VaultPort } from '../../electron/core/nats/ports';
import type { Reply } from '../../electron/core/nats/replies';
import type { RequestQueue } from '../../electron/core/requests/queue';
import type { Submission } from '../../electron/core/requests/request';
import { makeRequester, type Requester } from '../nats/attacker';
import type { ManualClock } from './manual-clock';

export const NATS_SUBJECT = 'wallet.requests';

/** One request as it went over the wire: what a replay sends again byte for byte. */
export interface SentRequest {
  data: Uint8Array;
  headers: Record<string, string>;
  /** Whether the requester signed it (an unverified one cannot be replayed, only repeated). */
  signed: boolean;
}

export interface NatsFront {
  requesters: Requester[];
  /** Every submission the handler made to the queue, in order. */
  submissions: Submission[];
  /** How often a remote request made the handler unlock a keyspace: must stay 0. */
  unlocks: number;
  send(request: SentRequest): Promise<Reply>;
}

/**
 * A handler on the queue given, with two verified requesters (independent client signatures) and a
 * vault view that knows the keyspaces' keys and counts unlock attempts.
 */
export function natsFront(queue: RequestQueue, clock: ManualClock, keys: Record<string, string>): NatsFront {
  const front: NatsFront = {
    requesters: [makeRequester(), makeRequester()],
    submissions: [],
    unlocks: 0,
    send: (request) => handler.handle({ subject: NATS_SUBJECT, data: request.data, header: lookup(request.headers) }),
  };
  const queuePort: QueuePort = {
    submit: (input) => {
      const submission = queue.submit(input);
      front.submissions.push(submission);
      return submission;
    },
    recordResult: (id, result) => queue.recordResult(id, result),
    fail: (id, code, reason) => queue.fail(id, code, reason),
    policies: queue.policies,
    on: (event, listener) => queue.on(event, listener),
    off: (event, listener) => queue.off(event, listener),
  };
  const vault = {
    listKeyspaces: () => Object.keys(keys).map((name) => ({ name })),
    hasKeyspace: (name: string) => Object.hasOwn(keys, name),
    findKeypair: (keyspace: string, keypair: string) =>
      keys[keyspace] === keypair ? { name: 'main', type: 'secp256k1', publicKey: keypair, path: '' } : undefined,
    isUnlocked: () => false,
    unlock: async () => {
      front.unlocks++;
    },
  } as unknown as VaultPort;
  const handler = new RequestHandler({
    vault,
    queue: queuePort,
    keyspace: null,
    password: () => null,
    log: () => {},
    now: () => clock.now(),
  });
  return front;
}

/** Header lookup as NATS gives it: names compared without case. */
function lookup(headers: Record<string, string>): (name: string) => string | undefined {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return (name) => lower.get(name.toLowerCase());
}
