// Step 10: executions, tasks, logs and the verification on the target.
import { z } from 'zod';

export const executionSchema = z.object({
  id: z.number().int(),
  status: z.string(),
  statusText: z.string(),
  trigger: z.string(),
  startTime: z.string(),
  /** null while running (Harbor sends its zero time). */
  endTime: z.string().nullable(),
  total: z.number().int(),
  succeed: z.number().int(),
  failed: z.number().int(),
  stopped: z.number().int(),
  inProgress: z.number().int(),
  final: z.boolean(),
});
export type Execution = z.infer<typeof executionSchema>;

export const executionListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(10),
  status: z.enum(['InProgress', 'Succeed', 'Failed', 'Stopped']).optional(),
  trigger: z.enum(['manual', 'scheduled', 'event_based']).optional(),
});

export const taskSchema = z.object({
  id: z.number().int(),
  executionId: z.number().int(),
  status: z.string(),
  operation: z.string(),
  resourceType: z.string(),
  source: z.string(),
  destination: z.string(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
});
export type Task = z.infer<typeof taskSchema>;

export const verificationSchema = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  targetUrl: z.string(),
  repositories: z.array(
    z.object({
      repository: z.string(),
      expectedTags: z.array(z.string()),
      presentTags: z.array(z.string()),
      missingTags: z.array(z.string()),
    }),
  ),
});
export type Verification = z.infer<typeof verificationSchema>;

/**
 * The server-sent events of `executionEvents`: `execution` (an Execution) whenever it changed,
 * `tasks` (the first page of its tasks, LIVE_TASKS_PAGE_SIZE long) when they changed, and `failure`
 * (the API's error body) when reading Harbor failed; the server retries by itself after a failure.
 * The final tasks come before the final execution, after which the stream ends. Not `error`:
 * EventSource uses that name for its own connection errors.
 */
export const EXECUTION_EVENTS = { execution: 'execution', tasks: 'tasks', failure: 'failure' } as const;
export const LIVE_TASKS_PAGE_SIZE = 15;
