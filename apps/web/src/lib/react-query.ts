// react-query defaults, and the one place where failures become toasts (never the HTTP layer).
import { notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';

import { ApiRequestError } from './api-error.ts';

declare module '@tanstack/react-query' {
  interface Register {
    /** `inlineError: true`: the component shows the error next to the form; no toast. */
    queryMeta: { inlineError?: boolean };
    mutationMeta: { inlineError?: boolean };
  }
}

function describe(error: unknown): string {
  if (error instanceof ApiRequestError) return error.harborMessage ?? error.message;
  return error instanceof Error ? error.message : 'Something went wrong.';
}

function toast(title: string, error: unknown): void {
  notifications.show({ color: 'red', title, message: describe(error), autoClose: 8000 });
}

export function createQueryClient(options: { retry?: boolean } = {}): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // First loads show their own error in place; only a failed background refresh needs a toast.
        if (query.meta?.inlineError || query.state.data === undefined) return;
        toast('Refresh failed', error);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (mutation.meta?.inlineError) return;
        toast('The action failed', error);
      },
    }),
    defaultOptions: {
      queries: {
        // Retrying a 4xx never helps; network blips get two more tries.
        retry:
          options.retry === false
            ? false
            : (count, error) =>
                count < 2 && !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
      mutations: { retry: false },
    },
  });
}
