// A server-sent events stream on a hijacked reply: the headers a proxy needs to pass events at once
// (no buffering, no transformation, no caching), a comment line as heartbeat so idle proxies keep
// the connection, and clean-up when the browser goes away or the server closes.
import type { FastifyReply, FastifyRequest } from 'fastify';

export const HEARTBEAT_MS = 25_000;

export type EventStream = {
  /** Sends one event whose `data` is `value` as JSON (one line: JSON.stringify escapes newlines). */
  send(value: unknown): void;
  close(): void;
};

export function openEventStream(
  request: FastifyRequest,
  reply: FastifyReply,
  onClose: () => void,
  heartbeatMs = HEARTBEAT_MS,
): EventStream {
  reply.hijack();
  const raw = reply.raw;
  // Headers set by earlier hooks (security headers) are already on `raw` and go out with these.
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store, no-transform',
    connection: 'keep-alive',
    // nginx and compatible proxies otherwise hold events back until their buffer fills.
    'x-accel-buffering': 'no',
  });
  // The browser reconnects after 5 s when the connection drops.
  raw.write('retry: 5000\n\n');
  const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), heartbeatMs);
  heartbeat.unref();
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    onClose();
    if (!raw.writableEnded) raw.end();
  };
  request.raw.on('close', close);
  raw.on('close', close);
  return {
    send(value) {
      if (open) raw.write(`data: ${JSON.stringify(value)}\n\n`);
    },
    close,
  };
}
