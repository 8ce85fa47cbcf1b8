/** The warning for connection URLs that would carry requests and signatures unencrypted to another machine. */
import { plaintextUrlWarning } from '../../../../shared/plaintext-url';
import { Notice } from '../../components/Notice';

export function PlaintextNotice({ urls, tls = false }: { urls: string[]; tls?: boolean }) {
  const warnings = urls.flatMap((url) => plaintextUrlWarning(url.trim(), { tls }) ?? []);
  if (warnings.length === 0) return null;
  return (
    <Notice tone="warning">
      <strong>Unencrypted connection</strong>
      {warnings.map((w) => (
        <p key={w} className="break">
          {w}
        </p>
      ))}
    </Notice>
  );
}
