// Step 2: the destination project on the target (and, in pull mode, the source project the robot reads).
import { validateProjectName } from '@hw/harbor-client';
import { z } from 'zod';

import { ruleCheck } from './rule-check.ts';

export const projectNameSchema = z.string().trim().superRefine(ruleCheck(validateProjectName));

export const projectSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  public: z.boolean(),
  repoCount: z.number().int().nonnegative(),
});
export type ProjectSummary = z.infer<typeof projectSummarySchema>;

export const projectSearchQuerySchema = z.object({
  side: z.enum(['source', 'target']).default('target'),
  q: z.string().trim().max(255).default(''),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const projectCheckResultSchema = z.object({ name: z.string(), exists: z.boolean() });

export const chooseProjectRequestSchema = z.object({
  name: projectNameSchema,
  /** true: create it (409 → offer to use the existing one); false: it must already exist. */
  create: z.boolean(),
  public: z.boolean().default(false),
  /** Pull mode only: the project on the source that the robot may read. */
  sourceProject: projectNameSchema.optional(),
});
export type ChooseProjectRequest = z.infer<typeof chooseProjectRequestSchema>;

export const projectStateSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  createdByWizard: z.boolean(),
  sourceProject: z.string().optional(),
});
