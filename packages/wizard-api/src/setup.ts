// The wizard's progress as the server keeps it: non-secret choices and the ids of what was created.
import { z } from 'zod';

import { replicationModeSchema } from './common.ts';
import { connectionSummarySchema } from './connection.ts';
import { connectionTestResultSchema } from './connection-test.ts';
import { endpointStateSchema } from './endpoint.ts';
import { projectStateSchema } from './project.ts';
import { robotStateSchema } from './robot.ts';
import { policyStateSchema, ruleDraftSchema } from './rule.ts';
import { STEP_IDS } from './steps.ts';

export const stepIdSchema = z.enum(STEP_IDS);

export const createdObjectSchema = z.object({
  side: z.enum(['source', 'target']),
  kind: z.enum(['project', 'robot', 'registry', 'policy']),
  id: z.number().int(),
  name: z.string(),
});
export type CreatedObject = z.infer<typeof createdObjectSchema>;

/**
 * The server also parses its stored rows with this schema: what a step adds defaults to "not done
 * yet", so a row saved before a field existed loads as it would have been saved today.
 */
export const setupStateSchema = z.object({
  id: z.string(),
  mode: replicationModeSchema,
  step: stepIdSchema,
  completedSteps: z.array(stepIdSchema),
  status: z.enum(['in-progress', 'completed']),
  createdAt: z.string(),
  updatedAt: z.string(),
  target: connectionSummarySchema.nullable().default(null),
  source: connectionSummarySchema.nullable().default(null),
  project: projectStateSchema.nullable().default(null),
  robot: robotStateSchema.nullable().default(null),
  endpoint: endpointStateSchema.nullable().default(null),
  connectionTest: connectionTestResultSchema.nullable().default(null),
  rule: ruleDraftSchema.nullable().default(null),
  policy: policyStateSchema.nullable().default(null),
  lastExecutionId: z.number().int().nullable().default(null),
  created: z.array(createdObjectSchema).default([]),
  /** Moves on with every write; a write naming an older one is a 409 `setup-changed`. */
  version: z.number().int().min(0).default(0),
});
export type SetupState = z.infer<typeof setupStateSchema>;

export const startSetupRequestSchema = z.object({ mode: replicationModeSchema });
export const goToStepRequestSchema = z.object({ step: stepIdSchema });

export const setupSummarySchema = z.object({
  id: z.string(),
  mode: replicationModeSchema,
  status: z.enum(['in-progress', 'completed']),
  step: stepIdSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  sourceUrl: z.string().nullable(),
  targetUrl: z.string().nullable(),
  policyName: z.string().nullable(),
  created: z.array(createdObjectSchema),
});
export type SetupSummary = z.infer<typeof setupSummarySchema>;

export const sessionSchema = z.object({
  csrfToken: z.string(),
  demo: z.object({
    available: z.boolean(),
    sourceUrl: z.string().optional(),
    targetUrl: z.string().optional(),
  }),
  currentSetupId: z.string().nullable(),
  history: z.array(setupSummarySchema),
});
export type Session = z.infer<typeof sessionSchema>;

export const cleanupResultSchema = z.object({
  steps: z.array(
    createdObjectSchema.extend({
      status: z.enum(['deleted', 'already-gone', 'failed', 'skipped']),
      message: z.string(),
    }),
  ),
});
export type CleanupResult = z.infer<typeof cleanupResultSchema>;
