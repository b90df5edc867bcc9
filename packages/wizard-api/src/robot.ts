// Step 3 and 4: the robot account the Harbor running the rule logs in with, and its one-time hand-off.
import { validateRobotName } from '@hw/harbor-client';
import { z } from 'zod';

import { connectionTestResultSchema } from './connection-test.ts';
import { ruleCheck } from './rule-check.ts';

export const robotNameSchema = z.string().trim().superRefine(ruleCheck(validateRobotName));

export const robotAccessSchema = z.object({
  resource: z.string().min(1).max(64),
  action: z.string().min(1).max(64),
});

export const createRobotRequestSchema = z.object({
  name: robotNameSchema,
  description: z.string().max(1024).default(''),
  /** -1 = never expires; otherwise whole days (Harbor's `duration`). */
  duration: z.union([z.literal(-1), z.number().int().min(1).max(36_500)]),
  /** Whether the rule will replicate deletions (adds repository:delete and tag:delete in push mode). */
  deletion: z.boolean().default(false),
  /** Advanced: replaces the preset. Push without pull is refused, as in Harbor's portal. */
  access: z.array(robotAccessSchema).min(1).max(64).optional(),
  /** After a 409: refresh the existing robot's secret and use it instead of creating one. */
  onConflict: z.enum(['fail', 'reuse']).default('fail'),
});
export type CreateRobotRequest = z.infer<typeof createRobotRequestSchema>;

export const robotCheckResultSchema = z.object({ fullName: z.string(), exists: z.boolean() });

export const robotStateSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  project: z.string(),
  side: z.enum(['source', 'target']),
  description: z.string(),
  expiresAt: z.number().int(),
  access: z.array(robotAccessSchema),
  reused: z.boolean().default(false),
  /** The operator confirmed they stored the secret; the export is no longer offered. */
  handedOff: z.boolean().default(false),
});
export type RobotState = z.infer<typeof robotStateSchema>;

/** The endpoint that logged in with the robot's previous secret, handed the new one. */
export const endpointSecretUpdateSchema = z.object({
  endpoint: z.string(),
  side: z.enum(['source', 'target']),
  updated: z.boolean(),
  /** What happened, in words: updated and tested, or why the endpoint must be saved again. */
  message: z.string(),
  connectionTest: connectionTestResultSchema.nullable(),
});
export type EndpointSecretUpdate = z.infer<typeof endpointSecretUpdateSchema>;

/** The robot this one replaced: deleted when this setup created it, otherwise left (and said so). */
export const replacedRobotSchema = z.object({ name: z.string(), deleted: z.boolean(), message: z.string() });

/** The only response that ever carries the robot secret (step 4). */
export const robotCreatedResponseSchema = z.object({
  robot: robotStateSchema,
  secret: z.string(),
  exportFileName: z.string(),
  /** Harbor's create response exactly as the export file holds it. */
  exportContent: z.string(),
  endpointUpdate: endpointSecretUpdateSchema.nullable().default(null),
  replacedRobot: replacedRobotSchema.nullable().default(null),
});
export type RobotCreatedResponse = z.infer<typeof robotCreatedResponseSchema>;

/** Adds the delete permissions an event-based rule with deletions needs, keeping the secret. */
export const robotPermissionsRequestSchema = z.object({ deletion: z.literal(true) });

export const confirmHandOffRequestSchema = z.object({ stored: z.literal(true) });
