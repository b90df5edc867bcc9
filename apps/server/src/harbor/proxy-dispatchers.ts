// One keep-alive undici Agent per TLS setting for the Harbor proxy, and the router reply-from is
// given as its `undici` instance: reply-from calls `request(options, callback)` on it, and the
// router hands the call to the Agent of the connection's TLS setting. undici's Node body streams
// straight to the browser (no fetch, no web streams); the timeouts are undici's own per-connection
// timers, not a timer per request.
import type { TlsSettings } from '@hw/wizard-api';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';

export const PROXY_UPSTREAM_TIMEOUT_MS = 30_000;
/**
 * Names the Agent of a proxied request between the proxy's rewriteRequestHeaders and the router,
 * which removes it: it never reaches Harbor, and the browser cannot set it (its headers are not
 * forwarded, only an allowlist of them is copied).
 */
export const PROXY_DISPATCHER_HEADER = 'x-hw-proxy-dispatcher';

function agentFor(tls: TlsSettings): Agent {
  const timeouts = { headersTimeout: PROXY_UPSTREAM_TIMEOUT_MS, bodyTimeout: PROXY_UPSTREAM_TIMEOUT_MS };
  switch (tls.mode) {
    case 'verify':
      return new Agent(timeouts);
    case 'ca':
      // Only this CA is trusted (as for every other Harbor call); the host name is still checked.
      return new Agent({ ...timeouts, connect: { ca: tls.caPem } });
    case 'insecure':
      return new Agent({ ...timeouts, connect: { rejectUnauthorized: false } });
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

  /** A short key naming the Agent of this TLS setting (created on first use, then reused). */
  keyFor(tls: TlsSettings): string {
    const setting = JSON.stringify(tls);
    let key = this.#keys.get(setting);
    if (key === undefined) {
      key = `d${this.#keys.size + 1}`;
      this.#agents.set(key, agentFor(tls));
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
        agent.request(options, callback);
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
