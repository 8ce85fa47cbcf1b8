// The bare responder: the least any single-threaded NATS signing responder must do per request, and so
// the floor the built `crypto-cli listen` is measured against. It receives the requesters' JSON
// `{op:'sign',keypair,message}`, parses it, signs SHA-256(message) with noble exactly as
// electron/core/vault/signing.ts does, and replies `{"signature":"<hex>"}`. Nothing else: no queue, no
// policy, no audit, no rate limit, no log line. It imports no wallet code, so it stays the same floor
// whatever the wallet's hot path becomes.
// With a third argument `echo` it only sends each request's bytes back: the NATS round trip through a
// process of its own, the hop the latency floor must include (nats-cli-latency.ts).
// Run: node --import tsx test/bench/bare-responder.ts NATS_URL SUBJECT [echo]. Prints `ready` on stdout once
// subscribed, then nothing more (a pipe written per request would cost the bench process a wake-up).
import { connect } from '@nats-io/transport-node';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as secp from '@noble/secp256k1';

// The same sync hashes the wallet configures: RFC 6979 needs HMAC-SHA256 and sign() needs both.
secp.hashes.sha256 = sha256;
secp.hashes.hmacSha256 = (key, msg) => hmac(sha256, key, msg);

const [url, subject, mode] = process.argv.slice(2);
if (url === undefined || subject === undefined) throw new Error('usage: bare-responder.ts NATS_URL SUBJECT [echo]');
const key = secp.utils.randomSecretKey();
const encoder = new TextEncoder();
const nc = await connect({ servers: [url] });
nc.subscribe(subject, {
  callback: (_e, m) => {
    if (mode === 'echo') {
      m.respond(m.data);
      return;
    }
    const req = JSON.parse(m.string()) as { op?: unknown; message?: unknown };
    if (req.op !== 'sign' || typeof req.message !== 'string') {
      m.respond(JSON.stringify({ error: 'expected {op:"sign",message}' }));
      return;
    }
    const sig = secp.sign(sha256(encoder.encode(req.message)), key, { prehash: false, lowS: true, format: 'compact' });
    m.respond(JSON.stringify({ signature: Buffer.from(sig).toString('hex') }));
  },
});
await nc.flush();
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void nc.close().then(() => process.exit(0));
});
