/** The recovery phrase as a numbered grid: the only time a new mnemonic is ever on screen. */
export function MnemonicWords({ words, label }: { words: string[]; label: string }) {
  return (
    <ol className="mnemonic-grid" aria-label={label}>
      {words.map((w, i) => (
        // Position is the identity of a word here; duplicates are legal in BIP39.
        // biome-ignore lint/suspicious/noArrayIndexKey: the order is the meaning
        <li key={i}>
          <span className="mnemonic-index" aria-hidden="true">
            {i + 1}
          </span>
          <span className="mnemonic-word mono">{w}</span>
        </li>
      ))}
    </ol>
  );
}
