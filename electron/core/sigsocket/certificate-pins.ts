/**
 * Certificate pinning for wss:// SigSocket servers: the first certificate key a server shows is pinned
 * (after normal TLS verification); a different one later pauses that connection until the user has
 * compared the old and new fingerprints and accepted exactly the new one.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../../shared/errors';
import type { CertificatePrint, SigsocketServerView } from '../../../shared/ipc/schemas';
import { type ContactBook, fingerprintOf } from '../contacts';

export type PinStore = Pick<ContactBook, 'pin' | 'setPin'>;

/** The pin belongs to where the server is reached (host and port), whatever the path or saved entry. */
export function serverAddress(url: string): string {
  return new URL(url).host;
}

export function certificatePrint(sha256: string): CertificatePrint {
  return { sha256, fingerprint: fingerprintOf(hexToBytes(sha256)) };
}

export class CertificatePins {
  /** Changed keys a server showed, by server id, waiting for the user's decision. */
  private readonly offered = new Map<string, string>();

  constructor(
    private readonly store: PinStore,
    private readonly onChange: () => void,
    private readonly log: (line: Record<string, unknown>) => void = () => {},
  ) {}

  /** The client's checkCertificate for one server: null lets it connect, a reason pauses it. */
  check(id: string, url: string, spki: string): string | null {
    const address = serverAddress(url);
    const pinned = this.store.pin(address);
    if (!pinned) {
      this.store.setPin(address, spki).catch((e) => this.log({ event: 'pin_not_saved', reason: String(e) }));
      return null;
    }
    if (pinned.spki === spki) {
      if (this.offered.delete(id)) this.onChange();
      return null;
    }
    this.offered.set(id, spki);
    this.onChange();
    this.log({ event: 'certificate_changed', address, pinned: pinned.spki, offered: spki });
    return 'paused: the server certificate changed; compare the fingerprints and accept the new one in Connections';
  }

  /** What Connections shows; null for ws:// servers, which have no certificate. */
  view(id: string, url: string): SigsocketServerView['certificate'] {
    if (!url.startsWith('wss:')) return null;
    const pinned = this.store.pin(serverAddress(url));
    const offered = this.offered.get(id);
    return {
      pinned: pinned ? certificatePrint(pinned.spki) : null,
      offered: offered ? certificatePrint(offered) : null,
    };
  }

  /** Pins the offered key, only if it is the one the user compared (`sha256`); the caller reconnects. */
  async accept(id: string, url: string, sha256: string): Promise<void> {
    const offered = this.offered.get(id);
    if (offered === undefined) throw new WalletError('not_found', 'this server shows no changed certificate');
    if (offered !== sha256) {
      throw new WalletError('bad_input', 'the server showed another certificate since; compare the new fingerprints');
    }
    await this.store.setPin(serverAddress(url), offered);
    this.offered.delete(id);
  }

  forget(id: string): void {
    this.offered.delete(id);
  }
}
