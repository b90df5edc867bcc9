// Node-only: a fetch that talks to a Harbor with a private CA or a self-signed certificate.
// It uses undici's own `fetch` with an undici `Agent`: Node 20's global fetch bundles a different
// undici, and handing it this package's dispatcher fails in odd ways.
import { Agent, fetch as undiciFetch } from 'undici';

export type HarborTls = { mode: 'verify' } | { mode: 'ca'; caPem: string } | { mode: 'insecure' };

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

function agentFor(tls: HarborTls): Agent {
  switch (tls.mode) {
    case 'verify':
      return new Agent();
    case 'ca':
      if (!PEM_CERT.test(tls.caPem))
        throw new TypeError('caPem must contain a PEM "BEGIN CERTIFICATE" block');
      // Only this CA is trusted (like `curl --cacert`); the host name is still checked.
      return new Agent({ connect: { ca: tls.caPem } });
    case 'insecure':
      return new Agent({ connect: { rejectUnauthorized: false } });
  }
}

export function createHarborFetch(options: { tls?: HarborTls } = {}): typeof fetch {
  const dispatcher = agentFor(options.tls ?? { mode: 'verify' });
  const harborFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const target = input instanceof Request ? input.url : input;
    const base: RequestInit =
      input instanceof Request
        ? { method: input.method, headers: [...input.headers], body: input.body, signal: input.signal }
        : {};
    const merged = { ...base, ...init, ...(base.body ? { duplex: 'half' } : {}), dispatcher };
    // Node's DOM-ish types come from an older undici-types; the objects are the same at runtime.
    return undiciFetch(target, merged as Parameters<typeof undiciFetch>[1]);
  };
  return harborFetch;
}
