// One EventSource on `/api/watches/events` while a Replications page is open: every WatchEvent goes
// into the react-query cache. The browser reconnects by itself after a dropped connection; when the
// server refused the stream (the source is closed), this reconnects with a growing delay. After any
// reconnection the list is fetched once, as events sent meanwhile are lost.
import { routes, watchEventSchema } from '@hw/wizard-api';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import { applyWatchEvent, watchKeys } from './watches.ts';

export const watchEventsRetry = { firstDelayMs: 1000, maxDelayMs: 30_000 };

export function useWatchEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let interrupted = false;
    let stopped = false;

    const onEvent = (message: MessageEvent<unknown>) => {
      if (typeof message.data !== 'string') return;
      let json: unknown;
      try {
        json = JSON.parse(message.data);
      } catch {
        return;
      }
      const event = watchEventSchema.safeParse(json);
      if (event.success) applyWatchEvent(queryClient, event.data);
    };

    const connect = () => {
      const current = new EventSource(routes.watchEvents.path);
      source = current;
      current.onopen = () => {
        failures = 0;
        if (interrupted) void queryClient.invalidateQueries({ queryKey: watchKeys.all });
        interrupted = false;
      };
      current.onmessage = onEvent;
      // The server may name its events after their type.
      current.addEventListener('watch', onEvent);
      current.addEventListener('removed', onEvent);
      current.onerror = () => {
        interrupted = true;
        if (current.readyState !== EventSource.CLOSED || stopped) return;
        const delay = Math.min(watchEventsRetry.maxDelayMs, watchEventsRetry.firstDelayMs * 2 ** failures);
        failures += 1;
        timer = setTimeout(connect, delay);
      };
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [queryClient]);
}
