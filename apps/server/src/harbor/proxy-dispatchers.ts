// One keep-alive undici Agent per TLS setting for the Harbor proxy: reply-from hands it the request
// as is and streams undici's Node body straight to the browser (no fetch, no web streams). The
// timeouts are undici's own per-connection timers, not a timer per request.
import type { TlsSettings } from '@hw/wizard-api';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';

export const PROXY_UPSTREAM_TIMEOUT_MS = 30_000;

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

  async close(): Promise<void> {
    const agents = [...this.#agents.values()];
    this.#agents.clear();
    this.#keys.clear();
    await Promise.all(agents.map((agent) => agent.destroy()));
  }
}
