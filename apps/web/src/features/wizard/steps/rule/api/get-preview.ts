import type { PreviewRequest } from '@hw/wizard-api';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../../../lib/api-client.ts';

export function getPreview(id: string, request: PreviewRequest) {
  return api.POST('preview', { params: { id }, body: request });
}

export const previewQueryOptions = (id: string, request: PreviewRequest) =>
  queryOptions({
    queryKey: ['setup', id, 'preview', request],
    queryFn: () => getPreview(id, request),
    staleTime: 60_000,
    meta: { inlineError: true },
  });

/** The dry run; `request` null while the filters are invalid. Keeps the last result while updating. */
export function usePreview(id: string, request: PreviewRequest | null) {
  return useQuery({
    ...previewQueryOptions(id, request ?? { filters: {}, destination: {} }),
    enabled: request !== null,
    placeholderData: keepPreviousData,
  });
}
