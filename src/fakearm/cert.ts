/**
 * A throw-away self-signed certificate for the fake ARM server, made at run time so no key is
 * ever committed. Clients trust it through NODE_EXTRA_CA_CERTS=<certPath> (see env.ts).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function makeSelfSignedCert(dir: string): { certPath: string; keyPath: string; cert: string; key: string } {
  fs.mkdirSync(dir, { recursive: true });
  const certPath = path.join(dir, 'fakearm-cert.pem');
  const keyPath = path.join(dir, 'fakearm-key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      // A CA-capable cert: NODE_EXTRA_CA_CERTS adds it as a trust anchor for itself.
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  fs.chmodSync(keyPath, 0o600);
  return { certPath, keyPath, cert: fs.readFileSync(certPath, 'utf8'), key: fs.readFileSync(keyPath, 'utf8') };
}
