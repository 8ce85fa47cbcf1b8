/** A fingerprint as a person reads it aloud: the words, then the key's first and last bytes. */
import type { Fingerprint } from '../../../../shared/ipc/schemas';

export function FingerprintText({ fingerprint }: { fingerprint: Fingerprint }) {
  return (
    <span className="fingerprint">
      <span className="fingerprint-words">{fingerprint.words.join(' ')}</span>
      <span className="mono muted small"> {fingerprint.short}</span>
    </span>
  );
}
