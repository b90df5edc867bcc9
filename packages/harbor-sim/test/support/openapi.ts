import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// Validates every simulator response against Harbor's converted OpenAPI document: the status must be
// declared for the operation, and a JSON body must match the declared schema. Objects are checked
// strictly (no keys beyond the model), because go-swagger models can only emit their own fields.

type Json = Record<string, unknown>;
type Operation = {
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: Json }> }>;
};

const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve('@hw/harbor-client/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Json>;
    responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
  };
};

/**
 * Where Harbor's handler code deliberately differs from the swagger. Each entry names the operation,
 * the status and where the real behaviour is documented.
 */
type Deviation = {
  method: string;
  path: string;
  status: number;
  /** 'any': the body is not checked; a function: rewrites the documented difference away, then the rest is checked. */
  body?: 'any' | ((body: unknown) => unknown);
  section: string;
};

/** `filters: null` (§13.16) is the one thing a policy body has that the schema does not allow. */
const withoutNullFilters = (body: unknown): unknown => {
  const strip = (p: unknown): unknown => {
    if (p && typeof p === 'object' && (p as Json).filters === null) {
      const { filters: _null, ...rest } = p as Json;
      return rest;
    }
    return p;
  };
  return Array.isArray(body) ? body.map(strip) : strip(body);
};

export const SWAGGER_DEVIATIONS: Deviation[] = [
  {
    method: 'POST',
    path: '/robots',
    status: 409,
    section: '§4.1 step 6: duplicate robot → 409, not in the swagger',
  },
  {
    method: 'GET',
    path: '/replication/policies/{id}',
    status: 404,
    section: '§8.1: missing policy → 404, the spec omits it',
  },
  {
    method: 'PUT',
    path: '/replication/policies/{id}',
    status: 404,
    section: '§8.1: PUT on a missing policy → 404',
  },
  {
    method: 'DELETE',
    path: '/replication/policies/{id}',
    status: 404,
    section: '§8.1: DELETE on a missing policy → 404',
  },
  {
    method: 'POST',
    path: '/replication/executions',
    status: 404,
    section: '§10 step 2: missing policy → 404',
  },
  {
    method: 'POST',
    path: '/replication/executions',
    status: 412,
    section: '§10 step 3: disabled policy → 412',
  },
  {
    method: 'DELETE',
    path: '/replication/policies/{id}',
    status: 412,
    section: '§8.1: running executions → 412',
  },
  {
    method: 'DELETE',
    path: '/registries/{id}',
    status: 412,
    section: '§6.2: registry referenced by a policy → 412',
  },
  { method: 'GET', path: '/users/current', status: 412, section: '§1.1: a robot caller → 412 PRECONDITION' },
  { method: 'POST', path: '/projects', status: 403, section: '§3: project robot / adminonly → 403' },
  { method: 'HEAD', path: '/projects', status: 401, section: '§3: HEAD /projects requires authentication' },
  { method: 'POST', path: '/registries', status: 500, section: '§6.1: unknown adapter type → 500' },
  {
    method: 'POST',
    path: '/replication/policies',
    status: 404,
    section: '§8.1: non-existent registry ID → 404',
  },
  {
    method: 'POST',
    path: '/replication/policies',
    status: 500,
    section: '§8.1: single_active_replication + event_based → 500',
  },
  {
    method: 'GET',
    path: '/replication/policies',
    status: 200,
    body: withoutNullFilters,
    section: '§13.16: `filters` is null when empty (the spec says array)',
  },
  {
    method: 'GET',
    path: '/replication/policies/{id}',
    status: 200,
    body: withoutNullFilters,
    section: '§13.16: `filters` is null when empty (the spec says array)',
  },
  {
    method: 'PUT',
    path: '/replication/executions/{id}',
    status: 200,
    body: 'any',
    section: '§10: stop answers 200 with the JSON body `null`',
  },
  {
    method: 'GET',
    path: '/projects/{project_name_or_id}',
    status: 403,
    section: '§1.1: RequireProjectAccess → 403 (non-existent project for non-admins)',
  },
  {
    method: 'GET',
    path: '/projects/{project_name_or_id}',
    status: 404,
    section: '§3: a sysadmin passes the check and gets 404',
  },
  {
    method: 'PUT',
    path: '/jobservice/queues/{job_type}',
    status: 400,
    section:
      'handler/jobservice.go ActionPendingJobs: an empty action passes the enum and is 400 "the action is not supported"',
  },
];

// Every operation can answer go-swagger's 422 validation failures (§1.3), which the spec never declares.
const ALWAYS_ALLOWED = new Set([422]);
const ROUTER_STATUSES = new Set([404, 405]);

const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);

function tighten(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(tighten);
  if (!schema || typeof schema !== 'object') return schema;
  const copy: Json = {};
  for (const [k, v] of Object.entries(schema as Json)) copy[k] = k === 'example' ? v : tighten(v);
  if (copy.type === 'object' && copy.properties && copy.additionalProperties === undefined)
    copy.additionalProperties = false;
  // Harbor's ExtraAttrs and similar free-form maps stay open.
  return copy;
}

ajv.addSchema({ $id: 'harbor', components: { schemas: tighten(spec.components.schemas) } });

const templates = Object.keys(spec.paths)
  .map((template) => ({
    template,
    params: (template.match(/\{/g) ?? []).length,
    re: new RegExp(
      `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '([^/]+)')}$`,
    ),
  }))
  .sort((a, b) => a.params - b.params);

const validators = new Map<string, ValidateFunction>();

function validatorFor(schema: Json): ValidateFunction {
  const rewritten = JSON.parse(
    JSON.stringify(tighten(schema)).replaceAll('"#/components/', '"harbor#/components/'),
  ) as Json;
  const key = JSON.stringify(rewritten);
  let v = validators.get(key);
  if (!v) {
    v = ajv.compile(rewritten);
    validators.set(key, v);
  }
  return v;
}

export type Observed = { method: string; url: string; status: number; contentType: string; body: string };

/** Throws when a response of the simulator contradicts the OpenAPI document (and no deviation allows it). */
export function checkAgainstSpec(o: Observed): void {
  const path = new URL(o.url).pathname;
  if (!path.startsWith('/api/v2.0/')) return;
  const rel = path.slice('/api/v2.0'.length);
  const match = templates.find((t) => t.re.test(rel) && spec.paths[t.template]?.[o.method.toLowerCase()]);
  // No operation: only the router may answer (404 unknown path, 405 known path with another method).
  if (!match && ROUTER_STATUSES.has(o.status)) return;
  if (!match) throw new Error(`${o.method} ${rel}: no operation in the OpenAPI document`);
  const op = spec.paths[match.template]![o.method.toLowerCase()]!;
  const deviation = SWAGGER_DEVIATIONS.find(
    (d) => d.method === o.method && d.path === match.template && d.status === o.status,
  );
  const declared = op.responses?.[String(o.status)] ?? op.responses?.default;
  if (!declared) {
    if (deviation || ALWAYS_ALLOWED.has(o.status)) return;
    throw new Error(
      `${o.method} ${match.template}: status ${o.status} is not declared (declared: ${Object.keys(op.responses ?? {}).join(', ')})`,
    );
  }
  if (deviation?.body === 'any') return;
  const resolved = declared.$ref ? spec.components.responses[declared.$ref.split('/').pop() ?? ''] : declared;
  const schema = resolved?.content?.['application/json']?.schema;
  if (!schema || !o.contentType.includes('json') || o.body.trim() === '') return;
  const validate = validatorFor(schema);
  const parsed = JSON.parse(o.body) as unknown;
  if (!validate(typeof deviation?.body === 'function' ? deviation.body(parsed) : parsed)) {
    throw new Error(
      `${o.method} ${match.template} ${o.status}: body does not match the schema: ${ajv.errorsText(validate.errors)}\n${o.body.slice(0, 500)}`,
    );
  }
}
