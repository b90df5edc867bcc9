// The application as a Fastify plugin (`wizardApp`) plus `buildApp(config)`, which tests use and
// server.ts listens with. Nothing here reads process.env: configuration arrives validated.
import path from 'node:path';
import type { Writable } from 'node:stream';

import type { Resolver } from '@hw/harbor-client/node';

import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply } from 'fastify';
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import pino from 'pino';

import { AlertService } from './alerts/alert-service.ts';
import { AlertTargets } from './alerts/alert-targets.ts';
import { createWebhookSender } from './alerts/webhook-sender.ts';
import type { AppConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { createHarborConnector } from './harbor/connector.ts';
import { apiSchemasPlugin } from './http/api-routes.ts';
import { ssePlugin } from './http/sse.ts';
import type { FeedTimers } from './live/execution-feeds.ts';
import { ExecutionFeeds } from './live/execution-feeds.ts';
import type { DemoHarbors } from './harbor/demo.ts';
import { OutboundPolicy } from './harbor/outbound.ts';
import { ProxyTicketCache, invalidatingStorage } from './harbor/proxy-tickets.ts';
import { loggerOptions } from './logger.ts';
import { WatchMetrics } from './metrics/watch-metrics.ts';
import { clientErrorBody, clientErrorHandler, errorHandlerPlugin } from './plugins/error-handler.ts';
import { securityHeadersPlugin } from './plugins/security-headers.ts';
import { sessionPlugin } from './plugins/session.ts';
import { webAppPlugin } from './plugins/web-app.ts';
import { alertRoutes } from './routes/alert-routes.ts';
import { connectRoutes } from './routes/connect-routes.ts';
import { connectionTestRoutes } from './routes/connection-test-routes.ts';
import { endpointRoutes } from './routes/endpoint-routes.ts';
import { projectRoutes } from './routes/project-routes.ts';
import { executionRoutes } from './routes/execution-routes.ts';
import { finishRoutes } from './routes/finish-routes.ts';
import { harborProxyPlugin } from './routes/harbor-proxy.ts';
import { metricsRoutes } from './routes/metrics-routes.ts';
import { robotRoutes } from './routes/robot-routes.ts';
import { ruleRoutes } from './routes/rule-routes.ts';
import { sessionRoutes } from './routes/session-routes.ts';
import { setupRoutes } from './routes/setup-routes.ts';
import { watchSetupRoutes } from './routes/watch-setup-routes.ts';
import { LoginThrottle } from './security/login-throttle.ts';
import { SecretStore } from './security/secret-store.ts';
import { SECRET_KEY_FILE, resolveSecretKey } from './security/secret-key.ts';
import { Vault } from './security/vault.ts';
import { openSqliteStorage } from './storage/sqlite-storage.ts';
import type { Storage } from './storage/storage.ts';
import { RepairService } from './repair/repair-service.ts';
import type { RepairTiming } from './repair/repair-steps.ts';
import { repairRoutes } from './routes/repair-routes.ts';
import { WatchHub } from './watch/watch-hub.ts';
import { WatchPoller } from './watch/poller.ts';
import { watchRoutes } from './routes/watch-routes.ts';
import { PreviewCache } from './wizard/preview.ts';
import { SetupService } from './wizard/setups.ts';

export type AppOptions = {
  config: AppConfig;
  /** Demo Harbors already running (tests share them); otherwise started when `config.demo`. */
  demo?: DemoHarbors | null;
  storage?: Storage;
  now?: () => Date;
  /** Timeout per Harbor call attempt (default 15 s). */
  harborTimeoutMs?: number;
  /** How outbound connections resolve host names (tests stub it to rebind a name). */
  resolve?: Resolver;
  /** How repair flows wait for an execution (tests shorten it). */
  repairTiming?: Partial<RepairTiming>;
  /** false: the watch poller polls only when told (`ctx.watchPoller.tick()`), as tests drive it. */
  watchTimer?: boolean;
  /** The jitter of the watch poller's backoff and of alert retries, in [0, 1) (tests pin it). */
  random?: () => number;
  /** The clock of the live execution feeds (tests drive it by hand). */
  liveTimers?: FeedTimers;
};

const PURGE_INTERVAL_MS = 60_000;

export const wizardApp = fp<AppOptions>(
  async (app, options) => {
    const { config } = options;
    const now = options.now ?? (() => new Date());
    const baseStorage = options.storage ?? openSqliteStorage(config.dataDir);
    const proxyTickets = new ProxyTicketCache(undefined, () => now().getTime());
    // A saved setup or a changed secret drops the proxy's cached credentials for it.
    const storage = invalidatingStorage(baseStorage, proxyTickets);
    const vault = new Vault(resolveSecretKey(config.secretKey, config.dataDir));
    if (!config.secretKey) {
      app.log.warn(
        { keyFile: path.join(config.dataDir, SECRET_KEY_FILE) },
        "The key that encrypts stored Harbor passwords and robot secrets is a file in DATA_DIR, beside the database: a copy of DATA_DIR can decrypt them. On a shared deployment pass SECRET_KEY (64 hex characters: this file's content, or `openssl rand -hex 32` to start afresh) from a secret store and delete the file.",
      );
    }
    const secrets = new SecretStore(storage, vault, config.sessionIdleMinutes * 60_000, () =>
      now().getTime(),
    );
    secrets.onChange((change) => {
      if ('all' in change) proxyTickets.clear();
      else if (change.setupId !== undefined) proxyTickets.forgetSetup(change.setupId);
      else proxyTickets.forgetSession(change.sessionId);
    });
    const outbound = new OutboundPolicy(
      config.harborAllowlist,
      options.resolve ? { resolve: options.resolve } : {},
    );

    let demo: DemoHarbors | null = options.demo ?? null;
    const ownsDemo = options.demo === undefined && config.demo;
    // Loaded only when needed: the simulator is not part of a production request path.
    if (ownsDemo) demo = await (await import('./harbor/demo.ts')).startDemoHarbors();
    if (demo) {
      outbound.allowOrigin(demo.source.url);
      outbound.allowOrigin(demo.target.url);
    }

    const watchHub = new WatchHub();
    const isBlocked = (url: string) => outbound.isMetadata(url);
    const alertTargets = new AlertTargets(storage.alerts, vault, config.alertWebhooks, isBlocked, now);
    const alerts = new AlertService(alertTargets, {
      storage,
      hub: watchHub,
      send: createWebhookSender({ lookup: outbound.lookup, isBlocked }),
      publicUrl: config.publicUrl,
      now,
      log: app.log,
      ...(options.random ? { random: options.random } : {}),
    });
    const metrics = new WatchMetrics(now);

    const harbor = createHarborConnector({
      storage,
      secrets,
      vault,
      outbound,
      now,
      ...(options.harborTimeoutMs ? { timeoutMs: options.harborTimeoutMs } : {}),
      maxResponseBytes: config.harborMaxResponseBytes,
      proxyTimeoutMs: config.harborProxyTimeoutMs,
      demoPassword: (url) => [demo?.source, demo?.target].find((d) => d?.url === url)?.password ?? null,
    });
    const ctx: AppContext = {
      config,
      storage,
      vault,
      secrets,
      setups: new SetupService(storage, now),
      harbor,
      proxyTickets,
      demo,
      previews: new PreviewCache(() => now().getTime()),
      loginThrottle: new LoginThrottle(undefined, () => now().getTime()),
      // Set just below: the service reads the rest of the context.
      repairs: undefined as unknown as RepairService,
      watchHub,
      alerts,
      metrics,
      watchPoller: new WatchPoller({
        storage,
        harbor,
        hub: watchHub,
        config: config.watch,
        now,
        log: app.log,
        ...(options.random ? { random: options.random } : {}),
      }),
      liveFeeds: new ExecutionFeeds(options.liveTimers),
      now,
    };
    ctx.repairs = new RepairService(ctx, options.repairTiming);
    app.decorate('ctx', ctx);
    metrics.start(watchHub);
    alerts.start();

    // Idle expiry also happens while nobody calls the server.
    const purge = setInterval(() => {
      secrets
        .purgeExpired()
        .catch((error: unknown) => app.log.error({ err: error }, 'purging expired secrets failed'));
      storage.repairs
        .purgeExpiredSecrets(now().getTime())
        .catch((error: unknown) => app.log.error({ err: error }, 'purging expired repair logins failed'));
    }, PURGE_INTERVAL_MS);
    purge.unref();

    // Watching starts once the server is ready and stops before the storage closes.
    app.addHook('onReady', () => ctx.watchPoller.start({ timer: options.watchTimer ?? true }));
    app.addHook('onClose', async () => {
      await ctx.watchPoller.stop();
      clearInterval(purge);
      metrics.close();
      await alerts.close();
      ctx.liveFeeds.closeAll();
      proxyTickets.clear();
      await ctx.harbor.close();
      if (ownsDemo && demo) await demo.close();
      if (!options.storage) await baseStorage.close();
    });

    await app.register(errorHandlerPlugin);
    await app.register(apiSchemasPlugin);
    await app.register(rateLimit, { global: false });
    await app.register(ssePlugin);
    await app.register(securityHeadersPlugin);
    await app.register(sessionPlugin);
    app.addHook('onSend', async (request, reply) => {
      if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
        reply.header('cache-control', 'no-store');
    });

    await app.register(sessionRoutes);
    await app.register(setupRoutes);
    await app.register(connectRoutes);
    await app.register(projectRoutes);
    await app.register(robotRoutes);
    await app.register(endpointRoutes);
    await app.register(connectionTestRoutes);
    await app.register(ruleRoutes);
    await app.register(executionRoutes);
    await app.register(finishRoutes);
    await app.register(watchSetupRoutes);
    await app.register(repairRoutes);
    await app.register(alertRoutes);
    await app.register(metricsRoutes);
    await app.register(watchRoutes);
    await app.register(harborProxyPlugin);
    await app.register(webAppPlugin);
  },
  { name: 'harbor-replication-wizard', fastify: '5.x' },
);

export type BuildOptions = Omit<AppOptions, 'config'> & {
  /** Where log lines go (tests capture them); stdout by default. */
  logStream?: Writable;
  logLevel?: string;
  /** Human-readable logs (pino-pretty) for a terminal; JSON lines otherwise. */
  pretty?: boolean;
};

function prettyDestination(): pino.DestinationStream | null {
  try {
    import.meta.resolve('pino-pretty');
  } catch {
    return null;
  }
  return pino.transport({
    target: 'pino-pretty',
    options: { colorize: true, translateTime: 'SYS:HH:MM:ss' },
  });
}

export async function buildApp(config: AppConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const { logStream, logLevel, pretty, ...appOptions } = options;
  const destination = logStream ?? (pretty ? prettyDestination() : null) ?? process.stdout;
  const logger = pino(loggerOptions(logLevel ?? config.logLevel), destination);
  const app = Fastify({
    loggerInstance: logger,
    trustProxy: config.trustProxy,
    bodyLimit: 512 * 1024,
    requestTimeout: 120_000,
    // Malformed HTTP (400) and oversized headers (431) get the API's error shape too.
    clientErrorHandler,
    // Errors raised before routing (a broken percent-encoding in the URL) get the API's error shape too.
    frameworkErrors: (error, request, reply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 400;
      request.log.info({ code: error.code, url: request.url }, 'request refused before routing');
      void (reply as FastifyReply).code(status).send(clientErrorBody(error, status));
    },
  });
  await app.register(wizardApp, { ...appOptions, config });
  return app as unknown as FastifyInstance;
}
