// What the server prints once it listens, for the person who ran `pnpm start`: where to open the
// wizard and, with the demo, how to look at the demo Harbors directly. The JSON logs go on as before.
import type { AddressInfo } from 'node:net';

import type { DemoHarbors } from './harbor/demo.ts';

/** The URL a browser on this machine opens: a wildcard address is reached as localhost. */
export function openUrl(address: AddressInfo): string {
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

export function startBanner(address: AddressInfo, demo: DemoHarbors | null): string {
  const lines = [`Open ${openUrl(address)} in your browser to use the Harbor Replication Wizard.`];
  if (demo) {
    // Demo Harbors live only in this process with throw-away passwords: the operator may log in to
    // them to see what the wizard created.
    lines.push(
      'Demo Harbors (simulated, they live as long as this server; Harbor API under /api/v2.0):',
      ...[demo.source, demo.target].map(
        (h) => `  ${h.name}: ${h.url}  user ${h.username}  password ${h.password}`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The one-line fix for the most common first-start failure. */
export function portInUseMessage(port: number): string {
  return `Port ${port} is already in use. Start on another one, e.g. PORT=8090 pnpm start (PORT=0 picks a free port; the server prints the URL to open).\n`;
}
