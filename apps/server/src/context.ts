// Everything the routes share, decorated on the Fastify instance as `ctx`.
import { SETUP_VERSION_HEADER } from '@hw/wizard-api';
import type { FastifyRequest } from 'fastify';

import type { AlertService } from './alerts/alert-service.ts';
import type { AppConfig } from './config.ts';
import { fail } from './errors.ts';
import type { HarborConnector } from './harbor/connector.ts';
import type { ExecutionFeeds } from './live/execution-feeds.ts';
import type { DemoHarbors } from './harbor/demo.ts';
import type { WatchMetrics } from './metrics/watch-metrics.ts';
import type { ProxyTicketCache } from './harbor/proxy-tickets.ts';
import type { RepairService } from './repair/repair-service.ts';
import type { LoginThrottle } from './security/login-throttle.ts';
import type { SecretStore } from './security/secret-store.ts';
import type { Vault } from './security/vault.ts';
import type { SessionRecord, Storage } from './storage/storage.ts';
import type { WatchHub } from './watch/watch-hub.ts';
import type { WatchPoller } from './watch/poller.ts';
import type { PreviewCache } from './wizard/preview.ts';
import type { SetupRef, SetupService } from './wizard/setups.ts';

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
  /** What the watch poller saw, for the server-sent events, the alerts and the metrics. */
  watchHub: WatchHub;
  /** Repair flows of watched replications (rotate, extend, fix permissions, unstick). */
  repairs: RepairService;
  /** Incidents from the hub's summaries, their webhook deliveries, targets and history. */
  alerts: AlertService;
  /** Prometheus metrics of the watched rules and the poller. */
  metrics: WatchMetrics;
  /** Polls every watched rule on its schedule; `pollNow(id)` for a watch just started. */
  watchPoller: WatchPoller;
  /** The run step's live executions: one Harbor poll per execution, whatever the number of tabs. */
  liveFeeds: ExecutionFeeds;
  now: () => Date;
};

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
  interface FastifyRequest {
    wizardSession: SessionRecord | null;
    /** The setup this request named, once a handler asked for it (its version goes into the answer). */
    setupRef?: SetupRef;
  }
}

export function requireSession(request: Pick<FastifyRequest, 'wizardSession'>): SessionRecord {
  if (!request.wizardSession) {
    fail(401, 'no-session', 'Your browser session has ended.', {
      hint: 'Reload the page to start a new session.',
    });
  }
  return request.wizardSession;
}

/** The setup named by the route's `:id`, for the request's session. */
export function setupRef(
  request: Pick<FastifyRequest, 'wizardSession' | 'headers' | 'setupRef'> & { params: { id: string } },
): SetupRef {
  const ref: SetupRef = { sessionId: requireSession(request).id, setupId: request.params.id };
  const seen = request.headers[SETUP_VERSION_HEADER];
  if (typeof seen === 'string' && seen !== '') {
    const version = Number(seen);
    if (!Number.isSafeInteger(version) || version < 0)
      fail(400, 'invalid-setup-version', `The ${SETUP_VERSION_HEADER} header must be a whole number.`);
    ref.expectedVersion = version;
  }
  request.setupRef = ref;
  return ref;
}
