// A proof-of-possession challenge can never be signed through an approval: whoever submits a payload
// with the proof prefix (a NATS caller, a hostile server) is refused before anything is shown.
import { afterEach, describe, expect, it } from 'vitest';
import { makeQueue, type QueueFixture, signInput } from '../../../test/requests/setup';

let fx: QueueFixture;
afterEach(async () => {
  await fx?.cleanup();
});

describe('the proof prefix', () => {
  it('is refused for every source, and nothing reaches the approval list', async () => {
    fx = await makeQueue();
    const payload = new TextEncoder().encode(`sigsocket-proof-v1:victim:${'ab'.repeat(32)}`);
    for (const source of [
      { kind: 'nats' as const, endpoint: 'wallet.sign', verified: false },
      { kind: 'sigsocket' as const, endpoint: 'ws://evil', verified: false, sourceRequestId: 'x' },
    ]) {
      expect(() => fx.queue.submit(signInput(fx.pub, { source, payload }))).toThrow(/proof prefix/);
    }
    expect(fx.queue.snapshot()).toEqual([]);
    // The same words elsewhere in a message are an ordinary request.
    const ordinary = new TextEncoder().encode('quote: sigsocket-proof-v1:');
    expect(fx.queue.submit(signInput(fx.pub, { payload: ordinary })).duplicate).toBe(false);
  });
});
