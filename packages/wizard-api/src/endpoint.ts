// Step 6: the target registered as an endpoint on the Harbor that runs the rule.
import { validateRegistryName } from '@hw/harbor-client';
import { z } from 'zod';

import { harborUrlSchema } from './connection.ts';
import { ruleCheck } from './rule-check.ts';

export const createEndpointRequestSchema = z.object({
  name: z.string().superRefine(ruleCheck(validateRegistryName)),
  description: z.string().max(1024).default(''),
  /** Defaults to the other Harbor's URL; editable because the rule's Harbor may reach it by another address. */
  url: harborUrlSchema,
  verifyRemoteCert: z.boolean().default(true),
  caCertificate: z
    .string()
    .trim()
    .max(64 * 1024)
    .optional(),
  /** Reuse this existing registry (same URL and Access ID) instead of creating one. */
  reuseId: z.number().int().positive().optional(),
});
export type CreateEndpointRequest = z.infer<typeof createEndpointRequestSchema>;

export const endpointCandidateSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  url: z.string(),
  accessKey: z.string(),
  status: z.string(),
  sameAccount: z.boolean(),
});

export const endpointDefaultsSchema = z.object({
  name: z.string(),
  url: z.string(),
  accessKey: z.string(),
  candidates: z.array(endpointCandidateSchema),
  caCertificateSupported: z.boolean(),
});

export const endpointStateSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  url: z.string(),
  accessKey: z.string(),
  reused: z.boolean().default(false),
  side: z.enum(['source', 'target']),
});
export type EndpointState = z.infer<typeof endpointStateSchema>;
