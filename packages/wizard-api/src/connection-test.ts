// Step 7: Harbor's own ping plus the wizard's diagnosis, as a checklist.
import { z } from 'zod';

export const CONNECTION_CHECK_IDS = [
  'harbor-ping',
  'dns',
  'tcp',
  'tls',
  'http',
  'harbor',
  'permissions',
] as const;

export const connectionCheckSchema = z.object({
  id: z.enum(CONNECTION_CHECK_IDS),
  title: z.string(),
  status: z.enum(['pass', 'fail', 'warn', 'skip']),
  detail: z.string(),
  cause: z.string().optional(),
  fix: z.string().optional(),
});
export type ConnectionCheck = z.infer<typeof connectionCheckSchema>;

export const connectionTestResultSchema = z.object({
  ok: z.boolean(),
  testedAt: z.string(),
  checks: z.array(connectionCheckSchema),
});
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;
