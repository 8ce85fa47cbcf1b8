/** A SigSocket client served from the approval queue: every sign frame becomes a queued request, its outcome the answer. */
import { WalletError } from '../../../shared/errors';
import type { RequestQueue } from '../requests';
import type { Vault } from '../vault';
import type { SigsocketClientOptions, SigsocketHandler } from './options';
import { SigsocketClient } from './sigsocket-client';

export interface QueueHandlerOptions {
  queue: Pick<RequestQueue, 'submit'>;
  /** The keyspace and (secp256k1) public key the connection is bound to: every request targets them. */
  keyspace: string;
  publicKey: string;
  /** One line per answered or refused request, with its size and time; never the message. */
  requestLog?: (line: string) => void;
}

/**
 * Submits each request as an unverified SigSocket sign request for the bound key and waits for the
 * queue's outcome; a refusal at submit (rate_limited, queue_full) is answered at once, so the server
 * can fail fast. Nothing here signs: only the queue does, after its approval.
 */
export function queueHandler({ queue, keyspace, publicKey, requestLog }: QueueHandlerOptions): SigsocketHandler {
  return async (req) => {
    const started = Date.now();
    try {
      const { id, outcome } = queue.submit({
        source: { kind: 'sigsocket', endpoint: req.url, verified: false, sourceRequestId: req.requestId },
        target: { keyspace, keypair: publicKey },
        operation: 'sign',
        payload: req.message,
      });
      const result = await outcome;
      requestLog?.(`request ${id}: ${result.status} (${req.message.length} bytes, ${Date.now() - started} ms)`);
      if (result.status === 'signed') return { ok: true, signature: new Uint8Array(result.signature) };
      return { ok: false, reason: 'reason' in result ? result.reason : result.status };
    } catch (e) {
      const reason = e instanceof WalletError ? e.message : 'internal error';
      requestLog?.(`request refused: ${reason}`);
      return { ok: false, reason };
    }
  };
}

export interface WalletClientOptions
  extends QueueHandlerOptions,
    Pick<SigsocketClientOptions, 'url' | 'alternateUrls' | 'dialect' | 'ca' | 'log' | 'checkCertificate'> {
  /** Signs the server's proof-of-possession challenge with the bound key (the keyspace must be unlocked). */
  vault: Pick<Vault, 'sign'>;
}

/** The one way the wallet (app and `crypto-cli connect`) builds a client for a bound keypair. */
export function walletClient(opts: WalletClientOptions): SigsocketClient {
  const { keyspace, publicKey, vault } = opts;
  return new SigsocketClient({
    url: opts.url,
    alternateUrls: opts.alternateUrls,
    dialect: opts.dialect,
    publicKeyHex: publicKey,
    ca: opts.ca,
    handler: queueHandler(opts),
    // The challenge carries the proof prefix, which the client signs only as a challenge.
    signProof: (challenge) => vault.sign(keyspace, publicKey, challenge),
    log: opts.log,
    ...(opts.checkCertificate ? { checkCertificate: opts.checkCertificate } : {}),
  });
}
