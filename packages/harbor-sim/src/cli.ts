import { parseArgs } from 'node:util';
import { createHarborSim, DEFAULT_USER } from './create-harbor-sim.ts';

// `pnpm sim`: a seeded source and target Harbor on the given (or free) ports, control API enabled.
const { values } = parseArgs({
  options: {
    'source-port': { type: 'string', default: '0' },
    'target-port': { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    password: { type: 'string', default: 'Harbor12345' },
    version: { type: 'string', default: '2.15.2' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    'Usage: pnpm sim [--source-port N] [--target-port N] [--host 127.0.0.1] [--password Harbor12345] [--version 2.15.2]\n' +
      'Starts a seeded source and target Harbor simulator (port 0 = a free port) with the /__sim control API.\n',
  );
  process.exit(0);
}

const admin = { username: 'admin', password: values.password };
const common = { admin, control: true, host: values.host, version: values.version };
const source = await createHarborSim({
  ...common,
  name: 'source',
  seed: 'source',
  port: Number(values['source-port']),
});
const target = await createHarborSim({
  ...common,
  name: 'target',
  seed: 'target',
  port: Number(values['target-port']),
});

process.stdout.write(
  [
    `Harbor simulator v${values.version}`,
    `  source: ${source.url}`,
    `  target: ${target.url}`,
    `  admin:      ${admin.username} / ${admin.password}`,
    `  non-admin:  ${DEFAULT_USER.username} / ${DEFAULT_USER.password}`,
    `  control API: <url>/__sim/state`,
    '',
  ].join('\n'),
);

const shutdown = (): void => {
  void Promise.all([source.close(), target.close()]).then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
