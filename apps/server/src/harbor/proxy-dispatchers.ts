// One keep-alive undici Agent per TLS setting for the Harbor proxy: the request goes out as is and
// undici's Node body streams straight to the browser (no fetch, no web streams). The timeouts are
// undici's own per-connection timers, not a timer per request. undici is loaded on first use: an
// idle server (or one nobody proxies through) does not carry it.
import type { TlsSettings } from '@hw/wizard-api';
import type { Agent, Dispatcher } from 'undici';

export const PROXY_UPSTREAM_TIMEOUT_MS = 30_000;

async function agentFor(tls: TlsSettings): Promise<Agent> {
  const { Agent } = await import('undici');
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
  async keyFor(tls: TlsSettings): Promise<string> {
    const setting = JSON.stringify(tls);
    const known = this.#keys.get(setting);
    if (known !== undefined) return known;
    const agent = await agentFor(tls);
    // Another request may have created it meanwhile: keep the first, drop ours.
    const raced = this.#keys.get(setting);
    if (raced !== undefined) {
      void agent.close();
      return raced;
    }
    const key = `d${this.#keys.size + 1}`;
    this.#agents.set(key, agent);
    this.#keys.set(setting, key);
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
