/**
 * A wss:// server whose certificate key changed: the connection is paused, the pinned and the new
 * fingerprints stand side by side, and accepting pins exactly the new one the user looked at.
 */
import type { SigsocketServerView } from '../../../../shared/ipc/schemas';
import { Icon } from '../../components/Icon';
import { ErrorNotice } from '../../components/Notice';
import { useAction } from '../../lib/use-action';
import { unwrap, wallet } from '../../wallet-client';
import { FingerprintText } from '../contacts/FingerprintText';

export function CertificateChange({ server }: { server: SigsocketServerView }) {
  const offered = server.certificate?.offered;
  const pinned = server.certificate?.pinned;
  const accept = useAction(() =>
    unwrap(wallet.sigsocketAcceptCertificate({ id: server.id, sha256: offered?.sha256 ?? '' })),
  );
  if (!offered) return null;
  return (
    <div className="cert-change" role="alert">
      <p className="row">
        <Icon name="alert" />
        <strong>Certificate changed: connection paused.</strong>
      </p>
      <p className="small">
        Compare the new fingerprint with the server's operator before accepting. An unexpected change can mean someone
        is in the middle.
      </p>
      <div className="cert-compare">
        <div>
          <h3 className="small">Pinned</h3>
          {pinned ? <FingerprintText fingerprint={pinned.fingerprint} /> : 'none'}
          {pinned && <p className="mono muted small break">{pinned.sha256}</p>}
        </div>
        <div>
          <h3 className="small">Now shown</h3>
          <FingerprintText fingerprint={offered.fingerprint} />
          <p className="mono muted small break">{offered.sha256}</p>
        </div>
      </div>
      <button type="button" className="btn btn-sm btn-danger" disabled={accept.pending} onClick={() => accept.run()}>
        Accept the new certificate<span className="visually-hidden"> for {server.url}</span>
      </button>
      <ErrorNotice error={accept.error} />
    </div>
  );
}
