import { z } from 'zod';

import { connectionCheckSchema } from './connection-test.ts';

export const replicationModeSchema = z.enum(['push', 'pull']);
export type ReplicationMode = z.infer<typeof replicationModeSchema>;

export const harborSideSchema = z.enum(['source', 'target']);

/** Every 4xx/5xx body the server sends. `harbor` carries what Harbor itself answered, verbatim. */
export const apiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  harbor: z
    .object({
      status: z.number().int().optional(),
      operation: z.string().optional(),
      errors: z.array(z.object({ code: z.string(), message: z.string() })).default([]),
    })
    .optional(),
  /** For 409s: what the operator can do instead (reuse the existing object, or pick another name). */
  conflict: z
    .object({ existingId: z.number().int().optional(), options: z.array(z.enum(['reuse', 'rename'])) })
    .optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** When Harbor could not reach an endpoint URL: the wizard's own checks of it, layer by layer. */
  diagnosis: z.array(connectionCheckSchema).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int().nonnegative() });
}

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export const idParamSchema = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 53 - 1);
