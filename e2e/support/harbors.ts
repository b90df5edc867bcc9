// Where the e2e run's Harbors live and how to log in to them. The harness server starts them with
// the simulator's control API on, which the wizard's own demo mode leaves off.
const basePort = Number(process.env.E2E_PORT ?? 4180);

export const e2e = {
  port: basePort,
  baseUrl: `http://127.0.0.1:${basePort}`,
  /** A second wizard server for the restart scenario (same code, its own data directory). */
  // Not +10: 4190 is on the fetch "bad ports" list (ManageSieve), so browsers and undici refuse it.
  restartPort: basePort + 15,
  /** The watch scenario's webhook receiver (a fixed port: a restarted test worker listens again on it). */
  alertReceiverPort: basePort + 25,
};

export const harbors = {
  source: {
    url: `http://127.0.0.1:${basePort + 1}`,
    admin: { username: 'admin', password: 'Source-Admin-12345' },
    /** The simulator's seeded non-admin (a developer in every private project). */
    user: { username: 'developer', password: 'Developer12345' },
  },
  target: {
    url: `http://127.0.0.1:${basePort + 2}`,
    admin: { username: 'admin', password: 'Target-Admin-12345' },
  },
  /** A Harbor behind a self-signed certificate, for the TLS failure. */
  selfSigned: { url: `https://127.0.0.1:${basePort + 3}` },
} as const;

export type SimName = 'source' | 'target';
