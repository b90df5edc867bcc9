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
 * What a clean-up will do to each object the setup created (a preview) or did (a run). A preview
 * says `will-delete`, `will-keep` (the operator keeps it) or `cannot-delete` (Harbor would refuse,
 * the message says why and what to do); a run says `deleted`, `already-gone` (deleted before, so
 * done), `kept`, `failed` (with Harbor's message) or `skipped` (kept because something that uses it
 * could not be deleted first).
 */
export const cleanupStepStatusSchema = z.enum([
  'will-delete',
  'will-keep',
  'cannot-delete',
  'deleted',
  'already-gone',
  'kept',
  'failed',
  'skipped',
]);
export type CleanupStepStatus = z.infer<typeof cleanupStepStatusSchema>;

export const cleanupResultSchema = z.object({
  dryRun: z.boolean(),
  steps: z.array(
    createdObjectSchema.extend({
      status: cleanupStepStatusSchema,
      message: z.string(),
      /** A project's repositories when Harbor told (Harbor refuses to delete a non-empty project). */
      repositories: z.number().int().nonnegative().optional(),
    }),
  ),
});
export type CleanupResult = z.infer<typeof cleanupResultSchema>;

/** Where a setup stands; a clean-up run moves it to one of the two clean-up states. */
export const setupStatusSchema = z.enum(['in-progress', 'completed', 'cleaned-up', 'partly-cleaned-up']);
export type SetupStatus = z.infer<typeof setupStatusSchema>;

/**
 * The server also parses its stored rows with this schema: what a step adds defaults to "not done
 * yet", so a row saved before a field existed loads as it would have been saved today.
 */
export const setupStateSchema = z.object({
  id: z.string(),
  mode: replicationModeSchema,
  step: stepIdSchema,
  completedSteps: z.array(stepIdSchema),
  status: setupStatusSchema,
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
  /** Finished without a verified run ("Finish without running now"): the verification is still to do. */
  finishedWithoutRun: z.boolean().default(false),
  /** The last clean-up run, so the page shows the true state of each object after a reload. */
  cleanup: cleanupResultSchema.nullable().default(null),
  /** Moves on with every write; a write naming an older one is a 409 `setup-changed`. */
  version: z.number().int().min(0).default(0),
});
export type SetupState = z.infer<typeof setupStateSchema>;

export const startSetupRequestSchema = z.object({ mode: replicationModeSchema });
export const goToStepRequestSchema = z.object({ step: stepIdSchema });

export const setupSummarySchema = z.object({
  id: z.string(),
  mode: replicationModeSchema,
  status: setupStatusSchema,
  step: stepIdSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  sourceUrl: z.string().nullable(),
  targetUrl: z.string().nullable(),
  policyName: z.string().nullable(),
  /** The rule's name as created on Harbor, else as saved in the draft; null before the rule step. */
  ruleName: z.string().nullable(),
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
