import { describe, expect, it } from 'vitest';
import { auditSigner } from './audit-key';
import { chainLine, chainStartBody, checkpointBody, GENESIS_PREV, headMessage, lineHash } from './chain-line';
import type { RawLine } from './raw-lines';
import { verifyChain } from './verify-chain';

const signer = auditSigner(new Uint8Array(32).fill(1));
const other = auditSigner(new Uint8Array(32).fill(2));

/** A chain of `count` entries from seq `first`, with a checkpoint signed by `by` after every `every` entries. */
function chain(count: number, opts: { first?: number; prev?: string; every?: number; by?: typeof signer } = {}) {
  const lines: string[] = [];
  let seq = opts.first ?? 0;
  let prev = opts.prev ?? GENESIS_PREV;
  const push = (body: string) => {
    const line = chainLine(body, seq++, prev);
    prev = lineHash(line);
    lines.push(line);
  };
  if (seq === 0) push(chainStartBody(1, 'new audit log'));
  for (let i = 0; i < count; i++) {
    push(`{"v":1,"at":${i},"event":"note"}\n`);
    if ((i + 1) % (opts.every ?? count) === 0) {
      const by = opts.by ?? signer;
      const signs = { seq: seq - 1, sha256: prev };
      push(checkpointBody(2, { signs, key: by.publicKey, sig: by.sign(headMessage(signs.seq, signs.sha256)) }));
    }
  }
  return lines;
}

async function* raw(lines: string[]): AsyncGenerator<RawLine> {
  let line = 0;
  for (const text of lines) yield { file: 'audit.jsonl', line: ++line, bytes: Buffer.from(text) };
}

describe('verifyChain', () => {
  it('accepts a log whose oldest lines were rotated away, and says so', async () => {
    const full = chain(6, { every: 3 });
    const report = await verifyChain(raw(full.slice(3)), { trustedKey: signer.publicKey });
    expect(report).toMatchObject({ ok: true, firstSeq: 3 });
    expect(report.notes).toEqual(['the log begins at seq 3: older entries were rotated away']);
  });

  it('refuses the newest checkpoint by another key, and a forged signature', async () => {
    const forged = await verifyChain(raw(chain(3, { by: other })), { trustedKey: signer.publicKey });
    expect(forged.break?.problem).toMatch(/signed by another key/);
    const lines = chain(3);
    lines[lines.length - 1] = lines.at(-1)!.replace(/"sig":"[^"]+"/, `"sig":"${other.sign('x')}"`);
    const bad = await verifyChain(raw(lines), { trustedKey: signer.publicKey });
    expect(bad.break).toMatchObject({ line: lines.length, problem: 'the checkpoint signature does not verify' });
  });

  it('refuses a log missing one of its checkpoint lines, and a log with no checkpoint at all', async () => {
    const lines = chain(4, { every: 2 });
    const withoutCheckpoint = [...lines.slice(0, 3), ...lines.slice(4)];
    expect((await verifyChain(raw(withoutCheckpoint))).ok).toBe(false);
    const unsigned = chain(2).slice(0, -1);
    expect((await verifyChain(raw(unsigned))).break?.problem).toBe('no checkpoint signs this log');
    expect((await verifyChain(raw(unsigned), { allowUnsignedTail: true })).ok).toBe(true);
  });
});
