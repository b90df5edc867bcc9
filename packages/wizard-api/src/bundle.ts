// The JSON export of a setup (GET .../export/bundle.json): what was chosen and the exact requests
// sent to each Harbor, without any secret. docs/setup-bundle.md describes every field.
// Objects are strict: a field this schema does not know (a secret, say) makes a bundle invalid.
import { z } from 'zod';

import { replicationModeSchema } from './common.ts';
import { endpointStateSchema } from './endpoint.ts';
import { projectStateSchema } from './project.ts';
import { robotAccessSchema, robotStateSchema } from './robot.ts';
import { ruleDraftSchema } from './rule.ts';
import { createdObjectSchema, setupStatusSchema } from './setup.ts';

export const SETUP_BUNDLE_FORMAT = 'harbor-replication-wizard/setup';
/** Raised on any change of fields: each version's schema is strict. */
export const SETUP_BUNDLE_VERSION = 1;

/** Harbor's POST /projects body as the wizard sends it. */
export const projectRequestSchema = z
  .object({
    project_name: z.string(),
    metadata: z.object({ public: z.enum(['true', 'false']) }).strict(),
  })
  .strict();
export type ProjectRequest = z.infer<typeof projectRequestSchema>;

/** Harbor's POST /robots body as the wizard sends it (Harbor generates the secret). */
export const robotRequestSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    level: z.literal('project'),
    duration: z.number().int(),
    disable: z.boolean(),
    permissions: z.array(
      z
        .object({
          kind: z.literal('project'),
          namespace: z.string(),
          access: z.array(robotAccessSchema.strict()),
        })
        .strict(),
    ),
  })
  .strict();
export type RobotRequest = z.infer<typeof robotRequestSchema>;

/** Harbor's POST /registries body, without `credential.access_secret` (the robot secret). */
export const endpointRequestSchema = z
  .object({
    name: z.string(),
    type: z.literal('harbor'),
    url: z.string(),
    description: z.string(),
    insecure: z.boolean(),
    credential: z.object({ type: z.literal('basic'), access_key: z.string() }).strict(),
    ca_certificate: z.string().optional(),
  })
  .strict();
export type EndpointRequest = z.infer<typeof endpointRequestSchema>;

/** Harbor's POST /replication/policies body as the wizard sends it. */
export const policyRequestSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    src_registry: z.object({ id: z.number().int() }).strict(),
    dest_registry: z.object({ id: z.number().int() }).strict(),
    dest_namespace: z.string(),
    dest_namespace_replace_count: z.number().int(),
    filters: z.array(
      z
        .object({
          type: z.enum(['name', 'tag', 'label', 'resource']),
          value: z.union([z.string(), z.array(z.string())]),
          decoration: z.enum(['matches', 'excludes']).optional(),
        })
        .strict(),
    ),
    trigger: z
      .object({
        type: z.enum(['manual', 'scheduled', 'event_based']),
        trigger_settings: z.object({ cron: z.string() }).strict(),
      })
      .strict(),
    deletion: z.boolean(),
    override: z.boolean(),
    enabled: z.boolean(),
    speed: z.number().int(),
    copy_by_chunk: z.boolean(),
    single_active_replication: z.boolean(),
  })
  .strict();

const bundleConnectionSchema = z
  .object({
    url: z.string(),
    username: z.string(),
    version: z.string(),
    tlsMode: z.enum(['verify', 'ca', 'insecure']),
  })
  .strict();

export const setupBundleSchema = z
  .object({
    format: z.literal(SETUP_BUNDLE_FORMAT),
    version: z.literal(SETUP_BUNDLE_VERSION),
    exportedAt: z.iso.datetime(),
    setup: z
      .object({
        id: z.string(),
        mode: replicationModeSchema,
        status: setupStatusSchema,
        createdAt: z.string(),
        updatedAt: z.string(),
      })
      .strict(),
    source: bundleConnectionSchema.nullable(),
    target: bundleConnectionSchema.nullable(),
    project: projectStateSchema.extend({ request: projectRequestSchema.nullable() }).strict().nullable(),
    robot: robotStateSchema.extend({ request: robotRequestSchema.nullable() }).strict().nullable(),
    endpoint: endpointStateSchema.extend({ request: endpointRequestSchema.nullable() }).strict().nullable(),
    rule: ruleDraftSchema.nullable(),
    policy: z.object({ id: z.number().int().nullable(), request: policyRequestSchema }).strict().nullable(),
    created: z.array(createdObjectSchema.strict()),
    lastExecutionId: z.number().int().nullable(),
  })
  .strict();
export type SetupBundle = z.infer<typeof setupBundleSchema>;
