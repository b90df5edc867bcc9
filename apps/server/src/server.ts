// The process: validate the configuration, build the app, listen, and close gracefully.
import type { AddressInfo } from 'node:net';

import closeWithGrace from 'close-with-grace';

import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { portInUseMessage, startBanner } from './start-banner.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

// Pretty logs only on a terminal: pipes and log collectors get JSON lines (NODE_ENV decides nothing).
const app = await buildApp(config, { pretty: process.stdout.isTTY });

closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
  if (err) app.log.error({ err }, 'closing after an error');
  else app.log.info({ signal }, 'closing');
  await app.close();
});

try {
  await app.listen({ port: config.port, host: config.host });
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
  process.stderr.write(portInUseMessage(config.port));
  await app.close();
  process.exit(1);
}
if (app.ctx.demo) {
  app.log.info({ source: app.ctx.demo.source.url, target: app.ctx.demo.target.url }, 'demo Harbors running');
}
process.stdout.write(startBanner(app.server.address() as AddressInfo, app.ctx.demo));
