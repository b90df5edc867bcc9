import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { EventSource as FetchEventSource } from 'eventsource';
import { afterAll, afterEach, beforeAll } from 'vitest';

import { forgetCsrfToken, forgetSetupVersions } from '../lib/api-client.ts';
import { downloads, recordDownloads } from './downloads.ts';
import { server } from './mocks/server.ts';

// Mantine reads these browser APIs that happy-dom leaves out.
if (!('matchMedia' in window) || typeof window.matchMedia !== 'function') {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      addListener: () => undefined,
      removeListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
}
if (!('ResizeObserver' in window)) {
  class NoopResizeObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  Object.defineProperty(window, 'ResizeObserver', { writable: true, value: NoopResizeObserver });
}
// happy-dom has no EventSource: this one reads the stream with fetch, which msw answers.
if (!('EventSource' in globalThis))
  Object.defineProperty(globalThis, 'EventSource', {
    writable: true,
    configurable: true,
    value: FetchEventSource,
  });
if (!('scrollIntoView' in Element.prototype))
  Object.defineProperty(Element.prototype, 'scrollIntoView', { value: () => undefined });
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    value: {
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      ready: Promise.resolve(),
    },
  });
}

recordDownloads();
// findBy*/waitFor: generous on a shared 2-core machine; a passing test returns as soon as it can.
configure({ asyncUtilTimeout: 5000 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  forgetCsrfToken();
  forgetSetupVersions();
  downloads.length = 0;
  // Drafts and other per-tab records must not leak from one test into the next.
  window.sessionStorage.clear();
});
afterAll(() => server.close());
