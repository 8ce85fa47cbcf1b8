/**
 * Throwaway TLS material made with Debian's openssl: one private CA and server certificates for
 * 127.0.0.1 signed by it, each with its own key, and each key's SPKI SHA-256 as openssl computes it.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Leaf {
  cert: string;
  key: string;
  /** sha256 of the DER SubjectPublicKeyInfo, hex, from `openssl pkey -pubin -outform der | sha256`. */
  spkiSha256: string;
}

export interface TestCa {
  dir: string;
  caPem: string;
  /** A new server certificate for 127.0.0.1 with a fresh key. */
  leaf(name: string): Leaf;
  /** Copies a leaf's files over `target` (the paths a server was started with). */
  install(leaf: Leaf, target: Leaf): void;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makeTestCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'wallet-tls-'));
  const run = (args: string[], input?: Buffer) =>
    execFileSync('openssl', args, { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], input });
  run(['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=wallet test CA']);
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  return {
    dir,
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    leaf(name) {
      run(['req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', '/CN=127.0.0.1']);
      run([
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '2',
        '-extfile',
        'ext.cnf',
      ]);
      const pub = run(['x509', '-in', `${name}.pem`, '-pubkey', '-noout']);
      const der = run(['pkey', '-pubin', '-outform', 'der'], pub);
      const [digest] = run(['dgst', '-sha256', '-r'], der).toString().split(' ');
      if (!digest) throw new Error('openssl dgst printed no digest');
      return { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`), spkiSha256: digest };
    },
    install(leaf, target) {
      copyFileSync(leaf.cert, target.cert);
      copyFileSync(leaf.key, target.key);
    },
  };
}
