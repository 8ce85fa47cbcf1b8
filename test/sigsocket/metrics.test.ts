// GET /metrics scrapes cleanly (every line is Prometheus text format) and counts what happened;
// /healthz and /readyz answer for liveness and readiness.
import { afterEach, describe, expect, it } from 'vitest';
import { type SigsocketServer, startSigsocketServer } from '../../server/create-server';
import { encodeSignRejected, toBase64 } from '../../shared/sigsocket';
import { parsePrometheusText, seriesValue } from '../helpers/prometheus-text';
import { provenRawWallet, rawWallet } from './raw-wallet';
import { getJson, makeKey, nobleSign, postSign, waitFor } from './support';

let server: SigsocketServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('metrics and health', () => {
  it('counts wallets, results, latency and pending requests', async () => {
    server = await startSigsocketServer({ port: 0, log: () => {}, instanceId: 'metrics-test', ratePerKey: 1000 });
    const s = server;
    const key = makeKey();
    const w = await provenRawWallet(
      s.wsUrl,
      JSON.stringify({ type: 'introduction', public_key: key.publicKeyHex }),
      key.secretKey,
    );
    await waitFor(async () => (await getJson(`${s.url}/connected/${key.publicKeyHex}`)).body.connected, 'proven');
    const silent = await rawWallet(s.wsUrl);

    const answerNext = async (make: (req: { request_id: string; message: string }) => string) => {
      const req = JSON.parse(await w.next());
      w.send(make(req));
    };
    const msg = new TextEncoder().encode('hello');
    let p = postSign(s.url, key.publicKeyHex, msg);
    await answerNext((r) =>
      JSON.stringify({
        type: 'sign_response',
        request_id: r.request_id,
        message: r.message,
        signature: toBase64(nobleSign(msg, key.secretKey)),
      }),
    );
    expect((await p).status).toBe(200);
    p = postSign(s.url, key.publicKeyHex, msg);
    await answerNext((r) => encodeSignRejected(r.request_id, 'no'));
    expect((await p).status).toBe(403);
    p = postSign(s.url, key.publicKeyHex, msg);
    await answerNext((r) =>
      JSON.stringify({
        type: 'sign_response',
        request_id: r.request_id,
        message: r.message,
        signature: toBase64(new Uint8Array(64).fill(3)),
      }),
    );
    expect((await p).status).toBe(502);
    expect((await postSign(s.url, makeKey().publicKeyHex, msg)).status).toBe(404);
    const waiting = postSign(s.url, key.publicKeyHex, msg, 10_000);
    await w.next();

    const res = await fetch(`${s.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    // The strict reader throws on anything a scraper would not accept.
    const m = parsePrometheusText(await res.text());
    const at = (name: string, labels: Record<string, string> = {}) =>
      seriesValue(m, name, { instance_id: 'metrics-test', ...labels });
    expect(at('sigsocket_wallets_connected', { state: 'proven' })).toBe(1);
    expect(at('sigsocket_wallets_connected', { state: 'unproven' })).toBe(1);
    expect(at('sigsocket_pending_requests')).toBe(1);
    for (const [result, n] of [
      ['signed', 1],
      ['rejected', 1],
      ['invalid_signature', 1],
      ['not_connected', 1],
      ['timeout', 0],
      ['refused', 0],
    ] as const) {
      expect(at('sigsocket_sign_requests_total', { result }), result).toBe(n);
    }
    expect(at('sigsocket_sign_duration_seconds_count', { result: 'signed' })).toBe(1);
    expect(m.has('sigsocket_nats_connected')).toBe(false);
    expect(m.has('process_cpu_seconds_total')).toBe(true);

    expect((await getJson(`${s.url}/healthz`)).status).toBe(200);
    expect(await getJson(`${s.url}/readyz`)).toEqual({ status: 200, body: { ready: true } });
    silent.ws.close();
    await s.close();
    expect((await waiting).status).toBe(503);
  });
});
