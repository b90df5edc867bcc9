// Step 8: the replication rule as the operator describes it; the server turns it into Harbor's policy.
import {
  replicationFilters,
  validateDestinationNamespace,
  validateReplicationCron,
  validateRuleName,
  validateReplicationFilters,
} from '@hw/harbor-client';
import { z } from 'zod';

import { ruleCheck } from './rule-check.ts';

/** Longest filter pattern accepted: Harbor's own names are at most 255 characters. */
export const MAX_FILTER_PATTERN_LENGTH = 255;
/** Most "*" and "?" in one pattern; real filters use a handful, each one multiplies matching work. */
export const MAX_FILTER_PATTERN_WILDCARDS = 32;

/** A glob typed by the operator, bounded so matching it against every repository stays cheap. */
function filterPatternSchema(what: string) {
  return z
    .string()
    .trim()
    .max(MAX_FILTER_PATTERN_LENGTH, {
      message: `The ${what} is longer than ${MAX_FILTER_PATTERN_LENGTH} characters; shorten it.`,
    })
    .refine((pattern) => (pattern.match(/[*?]/g) ?? []).length <= MAX_FILTER_PATTERN_WILDCARDS, {
      message: `The ${what} has more than ${MAX_FILTER_PATTERN_WILDCARDS} wildcards ("*" or "?"); one "*" matches any run of characters, "**" any depth.`,
    });
}

export const ruleFiltersSchema = z.object({
  /** doublestar glob on the full "project/repository" name; empty = every repository. */
  name: filterPatternSchema('name filter').default(''),
  tag: z
    .object({ decoration: z.enum(['matches', 'excludes']), pattern: filterPatternSchema('tag filter') })
    .default({ decoration: 'matches', pattern: '' }),
  labels: z
    .object({
      decoration: z.enum(['matches', 'excludes']),
      names: z.array(z.string().min(1).max(128)).max(50),
    })
    .default({ decoration: 'matches', names: [] }),
  /** Accepted by Harbor but inert since 2.8; kept so the rule says what the operator meant. */
  resource: z.enum(['', 'image', 'artifact']).default(''),
});
export type RuleFilters = z.infer<typeof ruleFiltersSchema>;

export const destinationSchema = z.object({
  namespace: z.string().trim().max(255).default(''),
  /** -1 flatten all levels, 0 no flattening, 1–3 flatten that many levels (Harbor's replace count). */
  replaceCount: z.union([z.literal(-1), z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).default(1),
});

export const triggerSchema = z.object({
  type: z.enum(['manual', 'scheduled', 'event_based']),
  cron: z.string().max(255).default(''),
});

export const bandwidthSchema = z.object({
  unlimited: z.boolean().default(true),
  value: z.number().int().min(1).max(99_999).optional(),
  unit: z.enum(['Kbps', 'Mbps']).default('Mbps'),
});

export const ruleNameSchema = z.string().trim().superRefine(ruleCheck(validateRuleName));

/** Whether the rule's Harbor already has another rule of that name (creating it would fail with 409). */
export const ruleCheckResultSchema = z.object({
  exists: z.boolean(),
  /** The Harbor that would refuse the name. */
  harborUrl: z.string(),
});

export const ruleDraftSchema = z
  .object({
    name: ruleNameSchema,
    description: z.string().max(1024).default(''),
    filters: ruleFiltersSchema,
    destination: destinationSchema,
    trigger: triggerSchema,
    deletion: z.boolean().default(false),
    override: z.boolean().default(true),
    copyByChunk: z.boolean().default(false),
    singleActiveReplication: z.boolean().default(false),
    enabled: z.boolean().default(true),
    bandwidth: bandwidthSchema,
  })
  .superRefine((rule, ctx) => {
    const filters = validateReplicationFilters(replicationFilters(rule.filters));
    if (!filters.ok) ctx.addIssue({ code: 'custom', path: ['filters'], message: filters.message });
    if (rule.destination.namespace) {
      const ns = validateDestinationNamespace(rule.destination.namespace);
      if (!ns.ok) ctx.addIssue({ code: 'custom', path: ['destination', 'namespace'], message: ns.message });
    }
    if (rule.trigger.type === 'scheduled') {
      const cron = validateReplicationCron(rule.trigger.cron);
      if (!cron.ok) ctx.addIssue({ code: 'custom', path: ['trigger', 'cron'], message: cron.message });
    }
    if (rule.deletion && rule.trigger.type !== 'event_based') {
      ctx.addIssue({
        code: 'custom',
        path: ['deletion'],
        message: 'Deletions are replicated only by event-based rules; choose Event Based or turn this off.',
      });
    }
    if (rule.singleActiveReplication && rule.trigger.type === 'event_based') {
      ctx.addIssue({
        code: 'custom',
        path: ['singleActiveReplication'],
        message:
          'Single active replication cannot be combined with an event-based trigger (Harbor answers 500).',
      });
    }
    if (!rule.bandwidth.unlimited && rule.bandwidth.value === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['bandwidth', 'value'],
        message: 'Enter a bandwidth, or choose unlimited.',
      });
    }
  });
export type RuleDraft = z.infer<typeof ruleDraftSchema>;
export type RuleDraftInput = z.input<typeof ruleDraftSchema>;

export const policyStateSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  side: z.enum(['source', 'target']),
});

/** The exact requests the server will send, per Harbor, shown on the review step. */
export const reviewSchema = z.object({
  requests: z.array(
    z.object({
      side: z.enum(['source', 'target']),
      harborUrl: z.string(),
      method: z.string(),
      path: z.string(),
      body: z.unknown(),
      done: z.boolean(),
    }),
  ),
});
export type Review = z.infer<typeof reviewSchema>;
