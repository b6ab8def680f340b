import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OPENSSL = process.env.OPENSSL_PATH ?? '/usr/bin/openssl';

/** A private CA and a server certificate it signed, as PEM files in a temporary folder. */
export interface TestCertificates {
  dir: string;
  /** The CA's certificate: what a client is given with `--ca`. */
  caFile: string;
  ca: Buffer;
  /** The server's certificate (for 127.0.0.1 and localhost) and its key: TLS_CERT and TLS_KEY. */
  certFile: string;
  keyFile: string;
  /** A key that is not the certificate's, for the start-up checks. */
  otherKeyFile: string;
  dispose(): void;
}

/**
 * Made with the `openssl` command for each run, valid for two days: a CA (P-256), and a server
 * certificate it signed for `IP:127.0.0.1` and `DNS:localhost`, as a deployment with its own CA has.
 */
export function makeCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'chat-tls-'));
  const file = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync(OPENSSL, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-subj',
    '/CN=chat test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-days',
    '2',
    '-keyout',
    file('ca-key.pem'),
    '-out',
    file('ca.pem'),
  );
  openssl(
    'req',
    '-new',
    ...ec,
    '-subj',
    '/CN=localhost',
    '-keyout',
    file('key.pem'),
    '-out',
    file('server.csr'),
  );
  writeFileSync(
    file('server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca-key.pem'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
    '-out',
    file('cert.pem'),
  );
  openssl(
    'genpkey',
    '-algorithm',
    'EC',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-out',
    file('other-key.pem'),
  );
  return {
    dir,
    caFile: file('ca.pem'),
    ca: readFileSync(file('ca.pem')),
    certFile: file('cert.pem'),
    keyFile: file('key.pem'),
    otherKeyFile: file('other-key.pem'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
