// Renders the whole app (providers and router) at a URL, as the operator would open it.
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';

import { App } from '../app/index.tsx';
import { createQueryClient } from '../lib/react-query.ts';

export function renderApp(url: string) {
  const location = memoryLocation({ path: url, record: true });
  const queryClient = createQueryClient({ retry: false });
  const user = userEvent.setup();
  const result = render(
    <Router hook={location.hook}>
      <App queryClient={queryClient} />
    </Router>,
  );
  return {
    ...result,
    user,
    queryClient,
    /** The current path, e.g. "/setup/setup-1/project". */
    path: () => location.history.at(-1) ?? url,
  };
}
