// The self-signed certificate `vnetlab serve --tls` presents, for clients that insist on HTTPS (the Azure SDK
// sends bearer tokens only over TLS; the Azure CLI's MSAL needs an https authority). Kept in the data directory
// so a client that trusts it keeps trusting it after a restart.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface Certificate {
  readonly cert: string;
  readonly key: string;
  /** Where the certificate's PEM is on disk (for NODE_EXTRA_CA_CERTS / REQUESTS_CA_BUNDLE). */
  readonly certFile: string;
}

export async function certificateIn(dir: string): Promise<Certificate> {
  mkdirSync(dir, { recursive: true });
  const certFile = join(dir, 'tls-cert.pem');
  const keyFile = join(dir, 'tls-key.pem');
  if (existsSync(certFile) && existsSync(keyFile))
    return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile };
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000),
    extensions: [
      // A CA certificate too, so trust stores that want one (Python's requests via REQUESTS_CA_BUNDLE) accept it.
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  writeFileSync(certFile, pems.cert);
  return { cert: pems.cert, key: pems.private, certFile };
}
