// A TLS-terminating proxy with a freshly generated self-signed certificate in front of a simulator,
// to exercise certificate verification, custom CAs and "skip verification".
import http from 'node:http';
import https from 'node:https';

import { selfSignedCertificate } from '@hw/harbor-sim';

export type TlsFront = { url: string; certPem: string; close(): Promise<void> };

export async function startTlsFront(upstream: string): Promise<TlsFront> {
  const { key, cert } = selfSignedCertificate();
  const target = new URL(upstream);
  const server = https.createServer({ key, cert }, (req, res) => {
    const forward = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `https://localhost:${port}`,
    certPem: cert,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
