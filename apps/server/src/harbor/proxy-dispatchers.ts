// One keep-alive undici Agent per TLS setting for the Harbor proxy, and the router reply-from is
// given as its `undici` instance: reply-from calls `request(options, callback)` on it, and the
// router hands the call to the Agent of the connection's TLS setting. undici's Node body streams
// straight to the browser (no fetch, no web streams). undici's own per-connection timers bound the
// wait for headers and each pause in the body; an abort signal bounds the whole read, so a Harbor
// trickling a byte a second cannot hold a request open. Every connection opens through the outbound
// policy's lookup (no denied address, DNS rebinding included), and undici's `request` never
// follows a redirect (no redirect interceptor is composed in).
import type { LookupFunction } from 'node:net';

import type { TlsSettings } from '@hw/wizard-api';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';

export const PROXY_UPSTREAM_TIMEOUT_MS = 30_000;
/** Default overall limit of one proxied read: a large task log streams well within it. */
export const PROXY_TOTAL_TIMEOUT_MS = 120_000;
/**
 * Names the Agent of a proxied request between the proxy's rewriteRequestHeaders and the router,
 * which removes it: it never reaches Harbor, and the browser cannot set it (its headers are not
 * forwarded, only an allowlist of them is copied).
 */
export const PROXY_DISPATCHER_HEADER = 'x-hw-proxy-dispatcher';

function agentFor(tls: TlsSettings, lookup: LookupFunction | undefined, idleTimeoutMs: number): Agent {
  const timeouts = { headersTimeout: idleTimeoutMs, bodyTimeout: idleTimeoutMs };
  const connect = lookup === undefined ? {} : { lookup };
  switch (tls.mode) {
    case 'verify':
      return new Agent({ ...timeouts, connect });
    case 'ca':
      // Only this CA is trusted (as for every other Harbor call); the host name is still checked.
      return new Agent({ ...timeouts, connect: { ...connect, ca: tls.caPem } });
    case 'insecure':
      return new Agent({ ...timeouts, connect: { ...connect, rejectUnauthorized: false } });
  }
}

type RequestCallback = (error: Error | null, data?: Dispatcher.ResponseData) => void;

/** What reply-from needs of an `undici` instance: the callback form of `request`. */
export type ProxyRouter = {
  request(options: Dispatcher.RequestOptions, callback: RequestCallback): void;
};

export class ProxyDispatchers {
  readonly #keys = new Map<string, string>();
  readonly #agents = new Map<string, Agent>();
  readonly #lookup: LookupFunction | undefined;
  readonly #totalTimeoutMs: number;
  readonly #idleTimeoutMs: number;

  constructor(options: { lookup?: LookupFunction; totalTimeoutMs?: number } = {}) {
    this.#lookup = options.lookup;
    this.#totalTimeoutMs = options.totalTimeoutMs ?? PROXY_TOTAL_TIMEOUT_MS;
    this.#idleTimeoutMs = Math.min(PROXY_UPSTREAM_TIMEOUT_MS, this.#totalTimeoutMs);
  }

  /** A short key naming the Agent of this TLS setting (created on first use, then reused). */
  keyFor(tls: TlsSettings): string {
    const setting = JSON.stringify(tls);
    let key = this.#keys.get(setting);
    if (key === undefined) {
      key = `d${this.#keys.size + 1}`;
      this.#agents.set(key, agentFor(tls, this.#lookup, this.#idleTimeoutMs));
      this.#keys.set(setting, key);
    }
    return key;
  }

  get(key: string): Dispatcher | undefined {
    return this.#agents.get(key);
  }

  /** The `undici` option of @fastify/reply-from: each request goes to the Agent its header names. */
  router(): ProxyRouter {
    return {
      request: (options, callback) => {
        const headers = options.headers as Record<string, string | undefined>;
        const key = headers[PROXY_DISPATCHER_HEADER];
        const agent = key === undefined ? undefined : this.#agents.get(key);
        if (!agent) {
          callback(new Error('proxy request without a dispatcher'));
          return;
        }
        // reply-from hands over its own copy of the headers; undici skips undefined values.
        headers[PROXY_DISPATCHER_HEADER] = undefined;
        // The signal also ends a body still streaming when time is up (undici destroys it).
        agent.request({ ...options, signal: AbortSignal.timeout(this.#totalTimeoutMs) }, callback);
      },
    };
  }

  async close(): Promise<void> {
    const agents = [...this.#agents.values()];
    this.#agents.clear();
    this.#keys.clear();
    await Promise.all(agents.map((agent) => agent.destroy()));
  }
}
