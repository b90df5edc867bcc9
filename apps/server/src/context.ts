// Everything the routes share, decorated on the Fastify instance as `ctx`.
import type { FastifyRequest } from 'fastify';

import type { AppConfig } from './config.ts';
import { fail } from './errors.ts';
import type { HarborConnector } from './harbor/connector.ts';
import type { DemoHarbors } from './harbor/demo.ts';
import type { ProxyTicketCache } from './harbor/proxy-tickets.ts';
import type { LoginThrottle } from './security/login-throttle.ts';
import type { SecretStore } from './security/secret-store.ts';
import type { Vault } from './security/vault.ts';
import type { SessionRecord, SetupRecord, Storage } from './storage/storage.ts';
import type { PreviewCache } from './wizard/preview.ts';
import type { SetupService } from './wizard/setups.ts';

export type AppContext = {
  config: AppConfig;
  storage: Storage;
  vault: Vault;
  secrets: SecretStore;
  setups: SetupService;
  harbor: HarborConnector;
  /** In-memory credentials of the Harbor proxy (see harbor/proxy-tickets.ts). */
  proxyTickets: ProxyTicketCache;
  demo: DemoHarbors | null;
  previews: PreviewCache;
  /** Failed Harbor logins per client address and per Harbor account. */
  loginThrottle: LoginThrottle;
  now: () => Date;
};

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
  interface FastifyRequest {
    wizardSession: SessionRecord | null;
  }
}

export function requireSession(request: FastifyRequest): SessionRecord {
  if (!request.wizardSession) {
    fail(401, 'no-session', 'Your browser session has ended.', {
      hint: 'Reload the page to start a new session.',
    });
  }
  return request.wizardSession;
}

export type SetupParams = { id: string };

export async function loadSetup(request: FastifyRequest<{ Params: SetupParams }>): Promise<SetupRecord> {
  const session = requireSession(request);
  return request.server.ctx.setups.load(session.id, request.params.id);
}
