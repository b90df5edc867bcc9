// A setup row read back from the database: parsed with its schemas, never trusted as is. Fields
// added by later versions get their defaults there, so older rows load; a row that still does not
// parse is an UnreadableSetupError, which the API answers with a clear message instead of a 500.
import { setupStateSchema, tlsSchema } from '@hw/wizard-api';
import { z } from 'zod';

import type { SetupInternal, SetupRecord } from './storage.ts';

const sideConnectionSchema = z.object({
  url: z.string(),
  username: z.string(),
  tls: tlsSchema,
  demo: z.boolean().default(false),
});

const setupInternalSchema = z.object({
  connections: z
    .object({ source: sideConnectionSchema.optional(), target: sideConnectionSchema.optional() })
    .default({}),
  endpointTls: z.object({ verifyRemoteCert: z.boolean(), caCertificate: z.string().optional() }).optional(),
  endpointAttemptUrl: z.string().optional(),
  projectRequest: z.unknown().optional(),
  robotRequest: z.unknown().optional(),
  endpointRequest: z.unknown().optional(),
  pendingCreate: z
    .object({ kind: z.enum(['project', 'robot']), side: z.enum(['source', 'target']), request: z.unknown() })
    .optional(),
  pendingWatch: z
    .object({
      suffix: z.string(),
      robots: z.array(
        z.object({ side: z.enum(['source', 'target']), id: z.number().int(), name: z.string() }),
      ),
    })
    .optional(),
  watchNameRound: z.number().int().nonnegative().optional(),
}) satisfies z.ZodType<SetupInternal, unknown>;

export class UnreadableSetupError extends Error {
  constructor(
    readonly setupId: string,
    readonly sessionId: string,
    /** Where the row fails (JSON syntax, or the paths of the fields), never the stored values. */
    readonly reason: string,
  ) {
    super(`The stored state of setup ${setupId} cannot be read: ${reason}`);
    this.name = 'UnreadableSetupError';
  }
}

type SetupRow = { id: string; sessionId: string; state: string; internal: string };

function parseColumn<S extends z.ZodType>(
  schema: S,
  row: SetupRow,
  column: 'state' | 'internal',
): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(row[column]);
  } catch {
    throw new UnreadableSetupError(row.id, row.sessionId, `${column} is not JSON`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const paths = result.error.issues.map((issue) => issue.path.map(String).join('.') || '(root)');
    const where = [...new Set(paths)].join(', ');
    throw new UnreadableSetupError(row.id, row.sessionId, `${column} does not match its schema at ${where}`);
  }
  return result.data;
}

export function parseStoredSetup(row: SetupRow): SetupRecord {
  return {
    id: row.id,
    sessionId: row.sessionId,
    state: parseColumn(setupStateSchema, row, 'state'),
    internal: parseColumn(setupInternalSchema, row, 'internal'),
  };
}
