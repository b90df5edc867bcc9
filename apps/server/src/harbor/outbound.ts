// Which URLs the server may call: never a cloud metadata service, and only the HARBOR_ALLOWLIST
// prefixes when one is configured (the demo Harbors the server runs itself are always allowed).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata']);
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

function bareHost(hostname: string): string {
  return hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

function isMetadataAddress(address: string): boolean {
  const a = bareHost(address);
  if (METADATA_ADDRESSES.has(a)) return true;
  // IPv4-mapped IPv6 (::ffff:169.254.169.254) reaches the same service.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped?.[1] !== undefined) return METADATA_ADDRESSES.has(mapped[1]);
  // WHATWG URL parsing writes the mapped address in hex (::ffff:a9fe:a9fe).
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
  if (hex?.[1] !== undefined && hex[2] !== undefined) {
    const high = parseInt(hex[1], 16);
    const low = parseInt(hex[2], 16);
    return METADATA_ADDRESSES.has(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  return false;
}

export type OutboundCheck = { ok: true } | { ok: false; message: string; hint: string };

export class OutboundPolicy {
  readonly #allowlist: string[];
  readonly #alwaysAllowed = new Set<string>();

  constructor(allowlist: string[]) {
    this.#allowlist = allowlist.map((p) => p.replace(/\/+$/, '').toLowerCase());
  }

  /** Origins the server itself runs (demo Harbors) bypass the allowlist. */
  allowOrigin(url: string): void {
    this.#alwaysAllowed.add(new URL(url).origin);
  }

  /** True for the addresses of cloud metadata services (refused even where the allowlist does not apply). */
  isMetadata(rawUrl: string): boolean {
    try {
      const host = bareHost(new URL(rawUrl).hostname);
      return METADATA_HOSTS.has(host) || isMetadataAddress(host);
    } catch {
      return false;
    }
  }

  check(rawUrl: string): OutboundCheck {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return {
        ok: false,
        message: 'The URL is not valid.',
        hint: 'Enter a full URL such as https://harbor.example.com.',
      };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return {
        ok: false,
        message: 'Only http:// and https:// URLs can be used.',
        hint: 'Enter a URL starting with https://.',
      };
    }
    const host = bareHost(url.hostname);
    if (METADATA_HOSTS.has(host) || isMetadataAddress(host)) {
      return {
        ok: false,
        message: 'That address is a cloud metadata service, not a Harbor.',
        hint: 'Enter the URL of your Harbor.',
      };
    }
    if (this.#alwaysAllowed.has(url.origin) || this.#allowlist.length === 0) return { ok: true };
    const normalized = `${url.origin}${url.pathname}`.replace(/\/+$/, '').toLowerCase();
    const allowed = this.#allowlist.some(
      (prefix) => normalized === prefix || normalized.startsWith(`${prefix}/`),
    );
    return allowed
      ? { ok: true }
      : {
          ok: false,
          message: 'This server is not allowed to connect to that Harbor.',
          hint: `The administrator limited it to: ${this.#allowlist.join(', ')}. Ask them to add your Harbor to HARBOR_ALLOWLIST.`,
        };
  }

  /** Also refuses names that resolve to a metadata address (DNS rebinding of a harmless-looking name). */
  async checkResolved(rawUrl: string): Promise<OutboundCheck> {
    const first = this.check(rawUrl);
    if (!first.ok) return first;
    const host = bareHost(new URL(rawUrl).hostname);
    if (isIP(host) !== 0) return first;
    try {
      const addresses = await lookup(host, { all: true });
      if (addresses.some((a) => isMetadataAddress(a.address))) {
        return {
          ok: false,
          message: 'That host name points at a cloud metadata service, not a Harbor.',
          hint: 'Enter the URL of your Harbor.',
        };
      }
    } catch {
      // Resolution failures are reported by the connection attempt itself, with a clearer message.
    }
    return first;
  }
}
