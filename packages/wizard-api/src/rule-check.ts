import type { z } from 'zod';

type Check = { ok: true } | { ok: false; message: string };

/** Adapts one of Harbor's rule functions (from @hw/harbor-client) to a zod refinement. */
export function ruleCheck<T>(check: (value: T) => Check) {
  return (value: T, ctx: z.RefinementCtx) => {
    const result = check(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message });
  };
}
