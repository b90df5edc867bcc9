// Step 8, beside the form: what the rule's filters match on the source and where each lands.
import { z } from 'zod';

import { destinationSchema, ruleFiltersSchema } from './rule.ts';

export const previewRequestSchema = z.object({
  filters: ruleFiltersSchema,
  destination: destinationSchema,
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});
export type PreviewRequest = z.input<typeof previewRequestSchema>;

export const previewRepositorySchema = z.object({
  source: z.string(),
  /** null when the destination name cannot be built (the run would fail). */
  destination: z.string().nullable(),
  error: z.string().optional(),
  tags: z.array(z.string()),
  untaggedArtifacts: z.number().int().nonnegative(),
  artifacts: z.number().int().nonnegative(),
  /** Another matched source repository lands on the same destination. */
  collidesWith: z.array(z.string()),
});
export type PreviewRepository = z.infer<typeof previewRepositorySchema>;

/** Source repositories that land on one destination: each later copy overwrites the earlier ones. */
export const collisionSchema = z.object({
  destination: z.string(),
  sources: z.array(z.string()).min(2),
});
export type Collision = z.infer<typeof collisionSchema>;

export const previewResultSchema = z.object({
  items: z.array(previewRepositorySchema),
  /** Matched repositories (the page's total). */
  total: z.number().int().nonnegative(),
  totals: z.object({
    scannedRepositories: z.number().int().nonnegative(),
    matchedRepositories: z.number().int().nonnegative(),
    artifacts: z.number().int().nonnegative(),
    tags: z.number().int().nonnegative(),
    collisions: z.number().int().nonnegative(),
    errors: z.number().int().nonnegative(),
  }),
  /** Every collision of the whole preview (not only the page), by destination. */
  collisions: z.array(collisionSchema),
  warnings: z.array(z.string()),
  harborCalls: z.number().int().nonnegative(),
});
export type PreviewResult = z.infer<typeof previewResultSchema>;

export const labelOptionSchema = z.object({ name: z.string(), color: z.string(), description: z.string() });
export const sampleRepositoriesSchema = z.object({ items: z.array(z.string()) });
