// A throwaway self-signed certificate for a simulator served over HTTPS (`createHarborSim({ https })`),
// as a Harbor behind a private CA presents one. Made with the system's openssl, valid for two days.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type SelfSignedCertificate = { key: string; cert: string };

/** `commonName` and the subjectAltName entries default to what a local test reaches: localhost and 127.0.0.1. */
export function selfSignedCertificate(
  options: { commonName?: string; altNames?: string[] } = {},
): SelfSignedCertificate {
  const { commonName = 'localhost', altNames = ['DNS:localhost', 'IP:127.0.0.1'] } = options;
  const dir = mkdtempSync(join(tmpdir(), 'harbor-sim-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${commonName}`].concat([
        '-addext',
        `subjectAltName=${altNames.join(',')}`,
        '-keyout',
        key,
        '-out',
        cert,
      ]),
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
