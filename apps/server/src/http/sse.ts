// Server-sent events for any route: @fastify/sse writes the stream (headers, heartbeat comment,
// close detection); `eventStream` gives a route named JSON events and one place to clean up.
import fastifySse from '@fastify/sse';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

/** Below the 30 s idle timeouts common in proxies, so a quiet stream is not cut. */
export const SSE_HEARTBEAT_MS = 25_000;
/** How long a browser's EventSource waits before it reconnects after the stream ended. */
export const SSE_RETRY_MS = 5_000;

export const ssePlugin = fp(async (app) => {
  await app.register(fastifySse, { heartbeatInterval: SSE_HEARTBEAT_MS });
});

export type EventStream = {
  /** One `event: <name>` with `data` as JSON; dropped once the client has gone. */
  send(event: string, data: unknown): void;
  close(): void;
  /** Runs once when the stream closes, by either side. */
  onClose(callback: () => void): void;
};

/** Opens the stream of a route served with `{ sse: 'only' }` and keeps it open after the handler returns. */
export function eventStream(reply: FastifyReply): EventStream {
  const { sse } = reply;
  sse.keepAlive();
  // Nothing between us and the browser may store or transform the stream.
  reply.header('cache-control', 'no-store, no-transform');
  sse.sendHeaders();
  // Sent at once: the browser learns the stream is open (and when to reconnect) before any event.
  reply.raw.write(`retry: ${SSE_RETRY_MS}\n\n`);
  return {
    send(event, data) {
      if (sse.isConnected) sse.send({ event, data }).catch(() => sse.close());
    },
    close: () => sse.close(),
    onClose: (callback) => {
      if (sse.isConnected) sse.onClose(callback);
      else callback();
    },
  };
}
