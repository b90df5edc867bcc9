// Node-only: a fetch that talks to a Harbor with a private CA or a self-signed certificate, never
// follows a redirect, and checks every address it connects to.
// It uses undici's own `fetch` with an undici `Agent`: Node 20's global fetch bundles a different
// undici, and handing it this package's dispatcher fails in odd ways.
import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';

import { Agent, fetch as undiciFetch } from 'undici';

import { BLOCKED_ADDRESS_CODE } from './client/harbor-error.ts';

export type HarborTls = { mode: 'verify' } | { mode: 'ca'; caPem: string } | { mode: 'insecure' };

/** Resolves a host name to all its addresses (dns.lookup with `all: true`, or a test's stub). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

/** Why an address must not be connected to, or null when it may. */
export type AddressCheck = (address: string) => string | null;

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true } satisfies LookupAllOptions, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });

export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
  readonly code = BLOCKED_ADDRESS_CODE;

  constructor(
    readonly hostname: string,
    readonly address: string,
    reason: string,
  ) {
    super(`${hostname} resolves to ${address}, ${reason}; this server does not connect there`);
  }
}

/**
 * A `lookup` for net/tls.connect (and so for undici's connector) that resolves the name and
 * refuses the connection when any address fails `check`. It runs for every new connection, so a
 * name that resolved harmlessly once and then to a metadata address (DNS rebinding) is refused then.
 * IP literals never reach a lookup: callers check those themselves.
 */
export function guardedLookup(check: AddressCheck, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
    resolve(hostname).then(
      (all) => {
        for (const entry of all) {
          const reason = check(entry.address);
          if (reason !== null) {
            callback(new BlockedAddressError(hostname, entry.address, reason), '', 0);
            return;
          }
        }
        const addresses = family === 0 ? all : all.filter((a) => a.family === family);
        const first = addresses[0];
        if (first === undefined) {
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          error.code = 'ENOTFOUND';
          callback(error, '', 0);
          return;
        }
        // Node passes `all: true` when it tries several addresses (autoSelectFamily).
        if (options.all === true) (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

function agentFor(tls: HarborTls, lookup: LookupFunction | undefined): Agent {
  const connect = lookup === undefined ? {} : { lookup };
  switch (tls.mode) {
    case 'verify':
      return new Agent({ connect });
    case 'ca':
      if (!PEM_CERT.test(tls.caPem))
        throw new TypeError('caPem must contain a PEM "BEGIN CERTIFICATE" block');
      // Only this CA is trusted (like `curl --cacert`); the host name is still checked.
      return new Agent({ connect: { ...connect, ca: tls.caPem } });
    case 'insecure':
      return new Agent({ connect: { ...connect, rejectUnauthorized: false } });
  }
}

export function createHarborFetch(options: { tls?: HarborTls; lookup?: LookupFunction } = {}): typeof fetch {
  const dispatcher = agentFor(options.tls ?? { mode: 'verify' }, options.lookup);
  const harborFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const target = input instanceof Request ? input.url : input;
    const base: RequestInit =
      input instanceof Request
        ? { method: input.method, headers: [...input.headers], body: input.body, signal: input.signal }
        : {};
    // Never a redirect, whatever the caller asked: the 3xx is the caller's to report.
    const merged = {
      ...base,
      ...init,
      ...(base.body ? { duplex: 'half' } : {}),
      redirect: 'manual',
      dispatcher,
    };
    // Node's DOM-ish types come from an older undici-types; the objects are the same at runtime.
    return undiciFetch(target, merged as Parameters<typeof undiciFetch>[1]);
  };
  return harborFetch;
}
