// A webhook receiver the watch scenario adds as an alert target: a plain HTTP server on a random
// loopback port in the test process, recording every alert the wizard server posts to it. Its path
// holds a token, as a real webhook URL does (Slack's, for one), so the spec can check the wizard never
// shows it back.
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { alertKindSchema } from '@hw/wizard-api';
import type { AlertKind } from '@hw/wizard-api';

export type AlertState = 'firing' | 'resolved';

export type ReceivedAlert = {
  kind: AlertKind;
  state: AlertState;
  /** Everything the wizard sent, to show in a failure message. */
  raw: string;
};

export type AlertReceiver = {
  url: string;
  /** The secret part of the URL (its path). */
  token: string;
  received: ReceivedAlert[];
  /** Requests that were not an alert in the Generic JSON format (kept to fail with them). */
  unreadable: string[];
  count(kind: AlertKind, state?: AlertState): number;
  close(): Promise<void>;
};

/**
 * The "Generic JSON" format carries the alert as the wizard records it (`Alert` in
 * packages/wizard-api/src/alerts.ts): `kind` and `state` at the top level, or under `alert`.
 */
function readAlert(raw: string): ReceivedAlert | null {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return null;
  }
  const candidates = [body, (body as { alert?: unknown } | null)?.alert];
  for (const candidate of candidates) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    const { kind, state } = candidate as { kind?: unknown; state?: unknown };
    const parsedKind = alertKindSchema.safeParse(kind);
    if (parsedKind.success && (state === 'firing' || state === 'resolved'))
      return { kind: parsedKind.data, state, raw };
  }
  return null;
}

/** `port`: a fixed one lets a receiver started again (a new test worker) get the same alerts. */
export async function startAlertReceiver(port = 0): Promise<AlertReceiver> {
  // Fixed with the port, so a receiver started again has the URL the wizard already holds.
  const token =
    port === 0
      ? randomBytes(12).toString('hex')
      : createHash('sha256').update(`hooks-${port}`).digest('hex').slice(0, 24);
  const path = `/hooks/${token}`;
  const received: ReceivedAlert[] = [];
  const unreadable: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const alert = request.method === 'POST' && request.url === path ? readAlert(raw) : null;
      if (alert) received.push(alert);
      else unreadable.push(`${request.method ?? ''} ${request.url ?? ''} ${raw}`);
      response.writeHead(alert ? 200 : 400, { 'content-type': 'text/plain' }).end(alert ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}${path}`,
    token,
    received,
    unreadable,
    count: (kind, state) => received.filter((a) => a.kind === kind && (!state || a.state === state)).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
