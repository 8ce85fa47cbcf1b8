import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { captured } from '../../test/helpers/at';
import { makeQueue, type QueueFixture, settleAsync, signInput } from '../../test/requests/setup';
import { parsePolicyFile } from '../core/requests/policy-file';
import { AUTO_WARNING, attachCliApprover, describeRequest } from './approver';

let fx: QueueFixture;
afterEach(async () => {
  await fx?.cleanup();
});

/** A fake terminal: what the approver printed so far, and a way to type a line. */
function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (d) => {
    printed += d.toString();
  });
  return { input, output, type: (line: string) => input.write(`${line}\n`), printed: () => printed };
}

/** Waits until the printed text contains `text` n times (prompts are printed asynchronously). */
async function waitFor(printed: () => string, text: string, n = 1): Promise<void> {
  for (let i = 0; i < 200 && printed().split(text).length - 1 < n; i++) await settleAsync(1);
  expect(printed().split(text).length - 1).toBeGreaterThanOrEqual(n);
}

describe('attachCliApprover: ask', () => {
  it('prompts for each pending request in turn and applies y / n / a answers', async () => {
    fx = await makeQueue();
    const t = terminal();
    const first = fx.queue.submit(signInput(fx.pub));
    const approver = await attachCliApprover(fx.queue, 'ask', { input: t.input, output: t.output });
    const second = fx.queue.submit(signInput(fx.pub));
    const third = fx.queue.submit(signInput(fx.pub));
    await waitFor(t.printed, 'Approve?', 1);
    expect(t.printed()).toContain(`Request ${first.id} from app (verified) via sigsocket wss://sig.example`);
    t.type('y');
    expect((await first.outcome).status).toBe('signed');
    await waitFor(t.printed, 'Approve?', 2);
    t.type('');
    expect(await second.outcome).toMatchObject({ status: 'rejected', reason: 'rejected at the terminal' });
    await waitFor(t.printed, 'Approve?', 3);
    t.type('a');
    expect((await third.outcome).status).toBe('signed');
    const fourth = fx.queue.submit(signInput(fx.pub)); // covered by the 10-minute grant from "a"
    expect((await fourth.outcome).status).toBe('signed');
    await approver.idle();
    approver.detach();
  });

  it('stops prompting when input closes, leaving requests to expire', async () => {
    fx = await makeQueue();
    const t = terminal();
    await attachCliApprover(fx.queue, 'ask', { input: t.input, output: t.output });
    const sub = fx.queue.submit(signInput(fx.pub));
    await waitFor(t.printed, 'Approve?');
    t.input.end();
    await waitFor(t.printed, 'input closed');
    fx.clock.advance(60_000);
    expect((await sub.outcome).status).toBe('expired');
  });

  it('shows requester text terminal-safe: escape sequences cannot reach the terminal', () => {
    const text = describeRequest(
      {
        id: 'x',
        source: { kind: 'nats', endpoint: 'a\u001b[2Jb', requester: 'evil\u001b]0;title\u0007', verified: false },
        requester: 'evil\u001b]0;title\u0007',
        target: { keyspace: 'ks', keypair: '02aa' },
        operation: 'sign',
        preview: { kind: 'text', text: 'hi', truncated: false, size: 2, sha256: '00', warnings: [] },
        state: 'pending',
        unlockNeeded: false,
        createdAt: 0,
        expiresAt: 60_000,
      },
      0,
    );
    expect(text).not.toContain('\u001b');
    expect(text).toContain('evil\\x1b]0;title\\x07 (UNVERIFIED)');
  });
});

describe('attachCliApprover: auto', () => {
  it('warns loudly on stderr and approves signatures, but not key management', async () => {
    fx = await makeQueue();
    const err = terminal();
    const waiting = fx.queue.submit(signInput(fx.pub));
    await attachCliApprover(fx.queue, 'auto', { errorOutput: err.output });
    expect(err.printed()).toContain(AUTO_WARNING.trim());
    expect(await waiting.outcome).toMatchObject({ status: 'signed', decidedBy: 'auto' });
    const km = fx.queue.submit(
      signInput('', { operation: 'key_management', keyManagement: 'reveal_mnemonic', payload: new Uint8Array() }),
    );
    expect((await km.outcome).status).toBe('rejected');
  });
});

describe('attachCliApprover: policy FILE', () => {
  it('allows what the file allows and refuses the rest by default', async () => {
    fx = await makeQueue();
    const file = join(fx.dir, 'rules.json');
    await writeFile(
      file,
      JSON.stringify({ version: 1, rules: [{ effect: 'allow', requester: 'app', operation: 'sign', uses: 1 }] }),
    );
    const approver = await attachCliApprover(fx.queue, 'policy', { policyFile: file });
    expect((await fx.queue.submit(signInput(fx.pub)).outcome).status).toBe('signed');
    expect(await fx.queue.submit(signInput(fx.pub)).outcome).toMatchObject({
      status: 'rejected',
      decidedBy: 'policy:default',
    });
    approver.detach();
    await settleAsync();
    expect(fx.queue.listPolicies()).toEqual([]);
    expect(fx.queue.get(fx.queue.submit(signInput(fx.pub)).id)!.state).toBe('pending');
    await fx.queue.policies.flush();
    expect(JSON.parse(await readFile(join(fx.dir, 'policies.json'), 'utf8')).rules).toEqual([]);
  });

  it('refuses a file with a typo, a missing file, and a mode without a file', async () => {
    fx = await makeQueue();
    const file = join(fx.dir, 'typo.json');
    await writeFile(file, JSON.stringify({ version: 1, rules: [{ effect: 'allow', opertion: 'sign' }] }));
    await expect(attachCliApprover(fx.queue, 'policy', { policyFile: file })).rejects.toThrow(/rules\.0/);
    await expect(
      attachCliApprover(fx.queue, 'policy', { policyFile: join(fx.dir, 'none.json') }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(attachCliApprover(fx.queue, 'policy')).rejects.toMatchObject({ code: 'bad_input' });
    await expect(attachCliApprover(fx.queue, 'sometimes' as never)).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('every JSON example in docs/policy-file.md is a valid policy file', async () => {
    const doc = await readFile(join(import.meta.dirname, '../../docs/policy-file.md'), 'utf8');
    const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => captured(m));
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) expect(parsePolicyFile(block).version).toBe(1);
  });
});
