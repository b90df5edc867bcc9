// Server-sent events for any route served with `{ sse: 'only' }`: @fastify/sse writes the stream
// (headers incl. `x-accel-buffering: no`, heartbeat comment, close detection); `eventStream` gives a
// route JSON events, one place to clean up, and closes every open stream when the server closes.
import fastifySse from '@fastify/sse';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

/** Below the 30 s idle timeouts common in proxies, so a quiet stream is not cut. */
export const SSE_HEARTBEAT_MS = 25_000;
/** How long a browser's EventSource waits before it reconnects after the stream ended. */
export const SSE_RETRY_MS = 5_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** The streams open now: an open stream would keep the server from closing. */
    openEventStreams: Set<EventStream>;
  }
}

export const ssePlugin = fp(async (app) => {
  await app.register(fastifySse, { heartbeatInterval: SSE_HEARTBEAT_MS });
  app.decorate('openEventStreams', new Set<EventStream>());
  app.addHook('preClose', (done) => {
    for (const stream of app.openEventStreams) stream.close();
    done();
  });
});

export type EventStream = {
  /**
   * One event with `data` as JSON (one line: JSON.stringify escapes newlines), named `event` when
   * given (an unnamed one is a `message`); dropped once the client has gone.
   */
  send(data: unknown, event?: string): void;
  close(): void;
  /** Runs once when the stream closes, by either side. */
  onClose(callback: () => void): void;
};

/** Opens the stream of a route served with `{ sse: 'only' }` and keeps it open after the handler returns. */
export function eventStream(reply: FastifyReply): EventStream {
  const { sse } = reply;
  sse.keepAlive();
  reply.header('content-type', 'text/event-stream; charset=utf-8');
  // Nothing between us and the browser may store or transform the stream.
  reply.header('cache-control', 'no-store, no-transform');
  sse.sendHeaders();
  // Sent at once: the browser learns the stream is open (and when to reconnect) before any event.
  reply.raw.write(`retry: ${SSE_RETRY_MS}\n\n`);
  const streams = reply.server.openEventStreams;
  const stream: EventStream = {
    send(data, event) {
      if (sse.isConnected) sse.send(event ? { event, data } : { data }).catch(() => sse.close());
    },
    close: () => sse.close(),
    onClose: (callback) => {
      if (sse.isConnected) sse.onClose(callback);
      else callback();
    },
  };
  streams.add(stream);
  stream.onClose(() => streams.delete(stream));
  return stream;
}
