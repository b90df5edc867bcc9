// Which URLs the server may call: never a cloud metadata service, and only the HARBOR_ALLOWLIST
// prefixes when one is configured (the demo Harbors the server runs itself are always allowed).
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';

import type { Resolver } from '@hw/harbor-client/node';
import { guardedLookup, systemResolver } from '@hw/harbor-client/node';

import { fail } from '../errors.ts';
import { METADATA_HOST_NAMES, blockedAddressReason } from './address-denylist.ts';

function bareHost(hostname: string): string {
  return hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

/** Why a URL's host (a name or a literal address) is refused outright, or null. */
function blockedHostReason(host: string): string | null {
  if (METADATA_HOST_NAMES.has(host)) return 'a cloud metadata service';
  return blockedAddressReason(host);
}

export type OutboundCheck = { ok: true } | { ok: false; message: string; hint: string };

export class OutboundPolicy {
  readonly #allowlist: string[];
  readonly #alwaysAllowed = new Set<string>();
  readonly #resolve: Resolver;
  /**
   * The `lookup` of every outbound connection (Harbor calls, the proxy, the connection test): the
   * addresses a name resolves to are checked when each connection opens, so a name that rebinds
   * to a denied address after the URL was accepted is refused then.
   */
  readonly lookup: LookupFunction;

  constructor(allowlist: string[], options: { resolve?: Resolver } = {}) {
    this.#allowlist = allowlist.map((p) => p.replace(/\/+$/, '').toLowerCase());
    this.#resolve = options.resolve ?? systemResolver;
    this.lookup = guardedLookup(blockedAddressReason, this.#resolve);
  }

  /** Origins the server itself runs (demo Harbors) bypass the allowlist. */
  allowOrigin(url: string): void {
    this.#alwaysAllowed.add(new URL(url).origin);
  }

  /** True for link-local and cloud metadata hosts (refused even where the allowlist does not apply). */
  isMetadata(rawUrl: string): boolean {
    try {
      return blockedHostReason(bareHost(new URL(rawUrl).hostname)) !== null;
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
    const blocked = blockedHostReason(bareHost(url.hostname));
    if (blocked !== null) {
      return {
        ok: false,
        message: `That address is ${blocked}, not a Harbor: this server never connects there.`,
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

  /** Also refuses names that resolve to a denied address (a harmless-looking name for a metadata service). */
  async checkResolved(rawUrl: string): Promise<OutboundCheck> {
    const first = this.check(rawUrl);
    if (!first.ok) return first;
    const host = bareHost(new URL(rawUrl).hostname);
    if (isIP(host) !== 0) return first;
    let addresses: string[];
    try {
      addresses = (await this.#resolve(host)).map((a) => a.address);
    } catch {
      // Resolution failures are reported by the connection attempt itself, with a clearer message.
      return first;
    }
    for (const address of addresses) {
      const reason = blockedAddressReason(address);
      if (reason !== null) {
        return {
          ok: false,
          message: `${host} resolves to ${address}, ${reason}, not a Harbor: this server never connects there.`,
          hint: 'Enter the URL of your Harbor.',
        };
      }
    }
    return first;
  }
}

/**
 * The endpoint URL the rule's Harbor is given (and that its ping, with the robot's secret, goes
 * to) passes the same policy as every URL this server calls itself: the allowlist when one is set,
 * and never a denied address, literal or resolved. A refusal is a 400: the URL typed is the problem.
 */
export async function assertEndpointUrlAllowed(policy: OutboundPolicy, url: string): Promise<void> {
  const allowed = await policy.checkResolved(url);
  if (!allowed.ok) {
    fail(400, 'harbor-url-refused', `The endpoint URL ${url} cannot be used: ${allowed.message}`, {
      hint: allowed.hint,
    });
  }
}
