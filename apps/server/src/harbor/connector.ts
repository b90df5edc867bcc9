// Builds Harbor clients for a setup's two sides: credentials from the vault, a TLS-aware fetch per
// TLS setting (no redirects, every connected address checked), the outbound policy, a size cap on
// every answer, and an audit record for every mutating call.
import type { HarborClient } from '@hw/harbor-client';
import { createHarborFetch } from '@hw/harbor-client/node';
import { createHarborClient } from '@hw/harbor-client';
import type { HarborSide, TlsSettings } from '@hw/wizard-api';

import { fail } from '../errors.ts';
import type { SecretStore } from '../security/secret-store.ts';
import type { Vault } from '../security/vault.ts';
import type { AuditEntry, SetupRecord, Storage } from '../storage/storage.ts';
import { watchSecretAad, type WatchRecord } from '../storage/watch-store.ts';
import type { OutboundPolicy } from './outbound.ts';
import { ProxyDispatchers } from './proxy-dispatchers.ts';

export const HARBOR_TIMEOUT_MS = 15_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who changed what: `actor` is the Harbor user name the change is made as. */
export type AuditContext = { sessionId: string; setupId: string; side: HarborSide; actor?: string };

/** What a client logged in with explicit credentials is made from. */
type ClientOptions = {
  url: string;
  tls: TlsSettings;
  username?: string;
  password?: string;
  audit?: AuditContext;
  retries?: number;
  onRequest?: () => void;
  onResponse?: (response: Response) => void;
};

export type WatchClientOptions = {
  /** Called before every HTTP request to Harbor (retries included): the poller counts its calls. */
  onRequest?: () => void;
  /** Called with every answer's status line and headers (the poller reads Harbor's clock in `Date`). */
  onResponse?: (response: Response) => void;
  retries?: number;
};

export type HarborConnector = {
  /** The fetch for one TLS setting (shared, so connections are pooled). */
  fetchFor(tls: TlsSettings): typeof fetch;
  /** A client logged in with explicit credentials (connect step, robot checks). */
  client(options: ClientOptions): HarborClient;
  /** The admin connection of a side of a setup; 409 when the operator must connect (again). */
  sideClient(setup: SetupRecord, side: HarborSide): Promise<HarborClient>;
  /** The watch robot's read-only connection to a side of a watch; 409 when it has none there. */
  watchClient(watch: WatchRecord, side: HarborSide, options?: WatchClientOptions): Promise<HarborClient>;
  outbound: OutboundPolicy;
  /** Keep-alive undici Agents for the Harbor proxy, one per TLS setting. */
  proxyDispatchers: ProxyDispatchers;
  /** Closes pooled connections (server shutdown). */
  close(): Promise<void>;
};

function methodOf(input: string | URL | Request, init?: RequestInit): string {
  return (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
}

function urlOf(input: string | URL | Request): URL {
  return new URL(input instanceof Request ? input.url : input.toString());
}

export function createHarborConnector(deps: {
  storage: Storage;
  secrets: SecretStore;
  vault: Vault;
  outbound: OutboundPolicy;
  now?: () => Date;
  /** Per attempt, reading the answer included; tests shorten it to exercise Harbor timeouts. */
  timeoutMs?: number;
  /** Largest Harbor answer read (the client's default when absent). */
  maxResponseBytes?: number;
  /** Overall time limit of one proxied Harbor read, streaming included. */
  proxyTimeoutMs?: number;
  /** The admin password of a demo Harbor this server runs (never expires: it is not the operator's). */
  demoPassword?: (url: string) => string | null;
}): HarborConnector {
  const fetches = new Map<string, typeof fetch>();
  const now = deps.now ?? (() => new Date());

  function fetchFor(tls: TlsSettings): typeof fetch {
    const key = JSON.stringify(tls);
    let f = fetches.get(key);
    if (!f) {
      f = createHarborFetch({ tls, lookup: deps.outbound.lookup });
      fetches.set(key, f);
    }
    return f;
  }

  // Every request passes the outbound policy again (a redirect-free client cannot be steered
  // elsewhere, but the check is cheap; IP literals never reach the guarded lookup), and mutating
  // requests leave an audit line.
  function guardedFetch(base: typeof fetch, audit?: AuditContext): typeof fetch {
    return async (input, init) => {
      const url = urlOf(input);
      const allowed = deps.outbound.check(url.toString());
      if (!allowed.ok) fail(403, 'harbor-url-refused', allowed.message, { hint: allowed.hint });
      const method = methodOf(input, init);
      if (!audit || SAFE_METHODS.has(method)) return base(input, init);
      const entry: Omit<AuditEntry, 'outcome'> = {
        at: now().toISOString(),
        ...audit,
        method,
        path: url.pathname,
      };
      try {
        const response = await base(input, init);
        await deps.storage.audit({ ...entry, outcome: String(response.status) });
        return response;
      } catch (error) {
        const code = (error as { name?: string }).name === 'TimeoutError' ? 'timeout' : 'network-error';
        await deps.storage.audit({ ...entry, outcome: code });
        throw error;
      }
    };
  }

  function observed(
    base: typeof fetch,
    onRequest: (() => void) | undefined,
    onResponse: ((response: Response) => void) | undefined,
  ): typeof fetch {
    if (!onRequest && !onResponse) return base;
    return async (input, init) => {
      onRequest?.();
      const response = await base(input, init);
      onResponse?.(response);
      return response;
    };
  }

  function client(options: ClientOptions): HarborClient {
    const allowed = deps.outbound.check(options.url);
    if (!allowed.ok) fail(403, 'harbor-url-refused', allowed.message, { hint: allowed.hint });
    return createHarborClient({
      baseUrl: options.url,
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.password !== undefined ? { password: options.password } : {}),
      fetch: observed(
        guardedFetch(fetchFor(options.tls), options.audit),
        options.onRequest,
        options.onResponse,
      ),
      timeoutMs: deps.timeoutMs ?? HARBOR_TIMEOUT_MS,
      ...(deps.maxResponseBytes !== undefined ? { maxResponseBytes: deps.maxResponseBytes } : {}),
      ...(options.retries !== undefined ? { retries: options.retries } : {}),
      userAgent: 'harbor-replication-wizard',
    });
  }

  async function sideClient(setup: SetupRecord, side: HarborSide): Promise<HarborClient> {
    const connection = setup.internal.connections[side];
    if (!connection) {
      fail(409, 'not-connected', `Connect the ${side} Harbor first.`, {
        hint: `Go to "Connect ${side}" and log in.`,
      });
    }
    const password =
      (await deps.secrets.get({ sessionId: setup.sessionId, setupId: setup.id, name: `password:${side}` })) ??
      (connection.demo ? (deps.demoPassword?.(connection.url) ?? null) : null);
    if (password === null) {
      fail(
        409,
        'reconnect-required',
        `The login to the ${side} Harbor has expired (passwords are forgotten after inactivity or when a setup ends).`,
        {
          hint: `Go to "Connect ${side}" and log in again; nothing already created is lost.`,
        },
      );
    }
    return client({
      url: connection.url,
      tls: connection.tls,
      username: connection.username,
      password,
      audit: { sessionId: setup.sessionId, setupId: setup.id, side, actor: connection.username },
    });
  }

  async function watchClient(
    watch: WatchRecord,
    side: HarborSide,
    options: WatchClientOptions = {},
  ): Promise<HarborClient> {
    const robot = watch.config.watchRobots.find((r) => r.side === side);
    const sealed = robot ? await deps.storage.watches.getSecret(watch.id, side) : null;
    const secret = sealed ? deps.vault.open(sealed, watchSecretAad(watch.id, side)) : null;
    if (!robot || secret === null) {
      fail(409, 'watch-credential-missing', `This watch has no working robot on the ${side} Harbor.`, {
        hint: 'Stop watching and start again with an admin login to create a new watch robot.',
      });
    }
    const harbor = watch.config.harbors[side];
    return client({ url: harbor.url, tls: harbor.tls, username: robot.name, password: secret, ...options });
  }

  const proxyDispatchers = new ProxyDispatchers({
    lookup: deps.outbound.lookup,
    ...(deps.proxyTimeoutMs !== undefined ? { totalTimeoutMs: deps.proxyTimeoutMs } : {}),
  });
  return {
    fetchFor,
    client,
    sideClient,
    watchClient,
    outbound: deps.outbound,
    proxyDispatchers,
    close: () => proxyDispatchers.close(),
  };
}
