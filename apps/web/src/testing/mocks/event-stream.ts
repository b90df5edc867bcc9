// A `text/event-stream` answer for msw, as apps/server streams server-sent events: each event the
// generator yields is written as it comes; the stream ends when the generator returns.
import { HttpResponse } from 'msw';

export type StreamedEvent = { event: string; data: unknown };

/** Lets a stream stand open (a running execution nobody changes) until the page closes it. */
export const forever = () => new Promise<never>(() => undefined);

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function eventStream(events: () => AsyncGenerator<StreamedEvent>) {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        controller.enqueue(encoder.encode('retry: 50\n\n'));
        for await (const { event, data } of events())
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        controller.close();
      } catch {
        // The page closed the stream first.
      }
    },
  });
  return new HttpResponse(stream, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' },
  });
}
