import { ruleNameSchema } from '@hw/wizard-api';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';

import { api } from '../../../../../lib/api-client.ts';

export const RULE_NAME_CHECK_DEBOUNCE_MS = 300;

/**
 * Whether another rule on the rule's Harbor already has the typed name, asked as the operator types
 * (debounced) and only for names Harbor would accept: Harbor refuses a duplicate only at creation.
 */
export function useRuleNameCheck(id: string, typed: string) {
  const name = typed.trim();
  const [debounced] = useDebouncedValue(name, RULE_NAME_CHECK_DEBOUNCE_MS);
  const valid = debounced !== '' && ruleNameSchema.safeParse(debounced).success;
  const check = useQuery({
    queryKey: ['setup', id, 'rule-check', debounced],
    queryFn: () => api.GET('ruleCheck', { params: { id }, query: { name: debounced } }),
    enabled: valid,
    staleTime: 5_000,
    meta: { inlineError: true },
  });
  const upToDate = debounced === name && valid;
  return {
    check,
    checking: upToDate && check.isFetching,
    /** The sentence that blocks Next while the name is taken; null otherwise. */
    taken:
      upToDate && check.data?.exists
        ? `A rule named "${name}" already exists on ${check.data.harborUrl}. Pick another name.`
        : null,
    available: upToDate && check.data?.exists === false,
  };
}
