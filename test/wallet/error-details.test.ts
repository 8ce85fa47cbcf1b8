// A core refusal reaches the renderer with structured details, through the same dispatcher IPC and the browser host use.
import { generateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/core/wallet/dispatch';
import { openTestWallet } from '../helpers/wallet';

describe('error details across the contract', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('names the refused mnemonic word by index, not only in prose', async () => {
    const t = await openTestWallet();
    close = t.close;
    const dispatch = createDispatcher(t.wallet.handlers);
    const words = generateMnemonic(wordlist, 128).split(' ');
    words[7] = 'notaword';
    const r = await dispatch('keyspace:import', { name: 'restored', mnemonic: words.join(' '), password: 'pw-1' });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'bad_input',
        message: 'word 8 "notaword" is not in the BIP39 English word list',
        details: { wordIndex: 7 },
      },
    });
  });

  it('sends no details key when an error has none', async () => {
    const t = await openTestWallet();
    close = t.close;
    const r = await createDispatcher(t.wallet.handlers)('keyspace:lock', { name: 'missing' });
    expect(r.ok).toBe(false);
    expect(r.ok === false && 'details' in r.error).toBe(false);
  });
});
