// Where the server sends an alert when a watched rule goes wrong (and when it recovers), and the
// history of what it sent.
import { z } from 'zod';

export const alertFormatSchema = z.enum(['json', 'slack']);

/** The incident kinds: one alert when it starts, one "resolved" when it ends. */
export const alertKindSchema = z.enum(['failing', 'stuck', 'expiring', 'unreachable', 'test']);
export type AlertKind = z.infer<typeof alertKindSchema>;

export const alertTargetRequestSchema = z.object({
  name: z.string().trim().min(1).max(100),
  format: alertFormatSchema,
  /** An http(s) URL; its path and query often hold a token, so it is stored sealed and shown masked. */
  url: z.string().trim().url().max(2048),
});

export const alertTargetSchema = z.object({
  id: z.string(),
  name: z.string(),
  format: alertFormatSchema,
  /** Scheme, host and port only; the rest is a secret. */
  maskedUrl: z.string(),
  /** `environment` targets come from ALERT_WEBHOOKS and cannot be changed in the UI. */
  origin: z.enum(['ui', 'environment']),
  createdAt: z.string(),
});
export type AlertTarget = z.infer<typeof alertTargetSchema>;

export const alertDeliverySchema = z.object({
  targetId: z.string(),
  targetName: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  /** When the next try is due (ISO) while `pending`; absent or null otherwise. */
  nextAttemptAt: z.string().nullable().optional(),
});

export const alertSchema = z.object({
  id: z.number().int(),
  watchId: z.string().nullable(),
  ruleName: z.string().nullable(),
  kind: alertKindSchema,
  state: z.enum(['firing', 'resolved']),
  /** One line, no secret: what happened and what to do. */
  message: z.string(),
  at: z.string(),
  deliveries: z.array(alertDeliverySchema),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertHistoryQuerySchema = z.object({
  watchId: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
