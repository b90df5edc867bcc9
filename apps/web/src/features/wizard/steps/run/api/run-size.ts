// How much "Replicate now" would copy: the dry run of the saved rule (totals only, one page of one).
import type { SetupState } from '@hw/wizard-api';
import { useQuery } from '@tanstack/react-query';

import { api } from '../../../../../lib/api-client.ts';

/** Above either, "Replicate now" asks first: a full copy during the day can hurt both Harbors. */
export const LARGE_RUN = { tags: 100, repositories: 20 };

export function useRunSize(setup: SetupState, enabled: boolean) {
  const rule = setup.rule;
  return useQuery({
    queryKey: ['setup', setup.id, 'run-size', rule?.filters, rule?.destination],
    queryFn: async () => {
      const preview = await api.POST('preview', {
        params: { id: setup.id },
        body: { filters: rule!.filters, destination: rule!.destination, page: 1, pageSize: 1 },
      });
      const { tags, matchedRepositories: repositories } = preview.totals;
      return { tags, repositories, large: tags > LARGE_RUN.tags || repositories > LARGE_RUN.repositories };
    },
    enabled: enabled && rule !== null,
    staleTime: 60_000,
    meta: { inlineError: true },
  });
}
