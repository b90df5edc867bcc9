// Every answer the page receives while recording, with its body as text: what the secret checks
// search for a secret that must not be there.
import type { Page, Response } from '@playwright/test';

export type ReceivedBody = { url: string; body: string };

/** Starts recording; `stop()` ends it and gives the bodies (an unreadable one as ""). */
export function recordResponseBodies(page: Page): { stop: () => Promise<ReceivedBody[]> } {
  const bodies: Promise<ReceivedBody>[] = [];
  const record = (response: Response) => {
    bodies.push(
      response
        .body()
        .then((body) => ({ url: response.url(), body: body.toString('utf8') }))
        .catch(() => ({ url: response.url(), body: '' })),
    );
  };
  page.on('response', record);
  return {
    stop: () => {
      page.off('response', record);
      return Promise.all(bodies);
    },
  };
}
