import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { decodeFirstJsonValue } from './go-json.ts';

// Binds a request to Harbor's OpenAPI document the way the go-swagger server Harbor generates does
// (router, then `BindValidRequest`: content type, then each parameter, then the body model):
// unknown path → 404, known path with another method → 405, anything else that fails binding → one
// composite 422 whose message is `validation failure list:` plus each failure on its own line.

type Json = Record<string, unknown>;
type Schema = Json & {
  $ref?: string;
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  enum?: unknown[];
  required?: string[];
};
type Parameter = {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
};
type Operation = {
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { $ref?: string; required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
};
type Spec = {
  paths: Record<string, Record<string, Operation | (Parameter | { $ref: string })[]>>;
  components: {
    schemas: Record<string, Schema>;
    parameters: Record<string, Parameter>;
    requestBodies: Record<string, NonNullable<Operation['requestBody']>>;
  };
};

const require = createRequire(import.meta.url);
const specFile = require.resolve('@hw/harbor-client/openapi.json');
const spec = JSON.parse(readFileSync(specFile, 'utf8')) as Spec;
export const API_BASE = '/api/v2.0';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/**
 * The name of each body parameter (`parsing <name> body …`, `<name> in body is required`). The
 * converted OpenAPI 3 document drops it, so it is read from the Swagger 2.0 original next to it.
 */
function bodyParameterNames(): Map<string, string> {
  const names = new Map<string, string>();
  let text = '';
  try {
    text = readFileSync(join(dirname(specFile), 'harbor-swagger.yaml'), 'utf8');
  } catch {
    return names;
  }
  let path = '';
  let method = '';
  let pendingName = '';
  for (const line of text.split('\n')) {
    const p = /^ {2}(\/\S*):\s*$/.exec(line);
    if (p) {
      path = p[1] ?? '';
      method = '';
      continue;
    }
    if (/^\S/.test(line)) path = '';
    const m = /^ {4}(get|put|post|delete|patch|head|options):\s*$/.exec(line);
    if (m) {
      method = m[1] ?? '';
      continue;
    }
    const n = /^\s+- name:\s*(\S+)\s*$/.exec(line);
    if (n) {
      pendingName = n[1] ?? '';
      continue;
    }
    if (pendingName && /^\s+in:\s*body\s*$/.test(line) && path && method)
      names.set(`${method} ${path}`, pendingName);
    if (!/^\s+(description|in|required):/.test(line)) pendingName = '';
  }
  return names;
}
const BODY_NAMES = bodyParameterNames();

type CompiledOperation = {
  method: string;
  template: string;
  parameters: Parameter[];
  produces: string[];
  body?: { name: string; required: boolean; schema?: Schema };
};

/** The Swagger `produces` of an operation: its success media types, else the document's JSON. */
function producesOf(op: Operation): string[] {
  const types = Object.entries(op.responses ?? {})
    .filter(([status]) => status.startsWith('2'))
    .flatMap(([, response]) => Object.keys(response.content ?? {}));
  return types.length > 0 ? [...new Set(types)] : ['application/json'];
}
type Template = {
  template: string;
  re: RegExp;
  names: string[];
  literal: number;
  operations: Map<string, CompiledOperation>;
};

const deref = <T>(value: T | { $ref: string }, table: Record<string, T>): T => {
  const ref = (value as { $ref?: string }).$ref;
  return ref ? (table[ref.split('/').pop() ?? ''] as T) : (value as T);
};

const TEMPLATES: Template[] = Object.entries(spec.paths)
  .map(([template, item]) => {
    const names: string[] = [];
    const source = template
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\\?\{([^}]+)\\?\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
    const shared = Array.isArray(item.parameters)
      ? item.parameters.map((p) => deref(p, spec.components.parameters))
      : [];
    const operations = new Map<string, CompiledOperation>();
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const own = (op.parameters ?? []).map((p) => deref(p, spec.components.parameters));
      const parameters = [
        ...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)),
        ...own,
      ];
      const requestBody = op.requestBody
        ? deref(op.requestBody as { $ref: string }, spec.components.requestBodies)
        : undefined;
      const body = requestBody
        ? {
            name: BODY_NAMES.get(`${method} ${template}`) ?? 'body',
            required: requestBody.required === true,
            schema: requestBody.content?.['application/json']?.schema,
          }
        : undefined;
      operations.set(method.toUpperCase(), {
        method: method.toUpperCase(),
        template,
        parameters,
        produces: producesOf(op),
        body,
      });
    }
    return {
      template,
      re: new RegExp(`^${source}$`),
      names,
      literal: template.replace(/\{[^}]+\}/g, '').length,
      operations,
    };
  })
  // The router prefers static segments over parameters: longest literal text first.
  .sort((a, b) => b.literal - a.literal);

export type BindRequest = {
  method: string;
  /** The path below `/api/v2.0`, still percent-encoded. */
  path: string;
  query: Record<string, string[]>;
  headers: Record<string, string | string[] | undefined>;
  /** Undefined when the request carries no body. */
  body?: Buffer;
};

export type BindFailure = { status: 404 | 405 | 422; code: string; message: string };

/** The operation a path and method bind to, or the router's 404/405. */
export function matchOperation(
  method: string,
  path: string,
): { operation: CompiledOperation; params: Record<string, string> } | BindFailure {
  const candidates = TEMPLATES.filter((t) => t.re.test(path));
  for (const t of candidates) {
    const operation = t.operations.get(method);
    if (!operation) continue;
    const values = t.re.exec(path)?.slice(1) ?? [];
    const params: Record<string, string> = {};
    t.names.forEach((name, i) => {
      params[name] = safeDecode(values[i] ?? '');
    });
    return { operation, params };
  }
  const full = `${API_BASE}${path}`;
  if (candidates.length > 0) {
    const allowed = [...new Set(candidates.flatMap((t) => [...t.operations.keys()]))].sort();
    return {
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      message: `method ${method} is not allowed, but [${allowed.join(',')}] are`,
    };
  }
  return { status: 404, code: 'NOT_FOUND', message: `path ${full} was not found` };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** go-swagger's failure list for one request, or undefined when it binds. */
export function bindRequest(request: BindRequest): BindFailure | undefined {
  const matched = matchOperation(request.method, request.path);
  if ('status' in matched) return matched;
  const { operation, params } = matched;
  const failures: string[] = [];

  // `BindValidRequest`: a body must come with a consumable content type before anything is bound.
  if (request.body !== undefined) {
    const header = headerValue(request.headers['content-type']);
    const type = (header ?? 'application/octet-stream').split(';')[0]?.trim().toLowerCase() ?? '';
    if (type !== 'application/json') {
      return composite([`unsupported media type ${goQuote(type)}, only [application/json] are allowed`]);
    }
  }

  // Then the response format: an Accept header that none of the operation's media types satisfy.
  if (!acceptable(headerValue(request.headers.accept), operation.produces)) {
    return composite([
      `unsupported media type requested, only [${operation.produces.join(' ')}] are available`,
    ]);
  }

  for (const p of operation.parameters) {
    const failure =
      p.in === 'path'
        ? bindPath(p, params[p.name])
        : p.in === 'query'
          ? bindSimple(p, last(request.query[p.name]))
          : p.in === 'header'
            ? bindSimple(p, headerValue(request.headers[p.name.toLowerCase()]))
            : undefined;
    if (failure) failures.push(failure);
  }

  if (operation.body) {
    const body = bindBody(operation.body, request.body);
    if (body) failures.push(body);
  }
  return failures.length > 0 ? composite(failures) : undefined;
}

/** go-openapi's NegotiateContentType, leniently: no Accept takes the first offer; q=0 entries never match. */
function acceptable(accept: string | undefined, produces: string[]): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  const ranges = accept
    .split(',')
    .map((entry) => {
      const [range = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
      const q = params.find((param) => param.startsWith('q='));
      return { range, q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((r) => r.range !== '' && !(r.q === 0));
  if (ranges.length === 0) return true;
  return produces.some((offer) => {
    const [type = '', subtype = ''] = offer.toLowerCase().split('/');
    return ranges.some(
      ({ range }) => range === '*/*' || range === `${type}/*` || range === `${type}/${subtype}`,
    );
  });
}

const composite = (failures: string[]): BindFailure => ({
  status: 422,
  code: 'UNPROCESSABLE_ENTITY',
  message: ['validation failure list:', ...failures].join('\n'),
});

const last = (values: string[] | undefined): string | undefined =>
  values && values.length > 0 ? values[values.length - 1] : undefined;

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Go's `%q` for the strings these messages quote. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** The Go type go-swagger generates for a scalar schema, as its messages name it. */
function goScalarType(schema: Schema): string {
  switch (schema.type) {
    case 'integer':
      return ['int32', 'int8', 'int16', 'uint64', 'uint32', 'uint8'].includes(schema.format ?? '')
        ? (schema.format as string)
        : 'int64';
    case 'number':
      return schema.format === 'float' ? 'float32' : 'float64';
    case 'boolean':
      return 'bool';
    default:
      return 'string';
  }
}

const INT_RANGES: Record<string, [number, number]> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [-(2 ** 63), 2 ** 63 - 1],
  uint8: [0, 255],
  uint32: [0, 2 ** 32 - 1],
  uint64: [0, 2 ** 64 - 1],
};

/** swag.ConvertInt64 and friends: a decimal number that is a whole number. */
function convertInteger(raw: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw.trim())) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && Number.isInteger(n) ? n : undefined;
}

/** swag.ConvertBool: a fixed set of words means true, anything else false; it never fails. */
const TRUE_WORDS = new Set(['true', '1', 'yes', 'ok', 'y', 'on', 'selected', 'checked', 't', 'enabled']);
export const goBool = (raw: string): boolean => TRUE_WORDS.has(raw.toLowerCase());

function bindPath(p: Parameter, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return `${p.name} in path is required`;
  return convertAndValidate(p, raw);
}

/** Query and header parameters: an empty value counts as absent, the last repeated value wins. */
function bindSimple(p: Parameter, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return p.required ? `${p.name} in ${p.in} is required` : undefined;
  return convertAndValidate(p, raw);
}

function convertAndValidate(p: Parameter, raw: string): string | undefined {
  const schema = p.schema ?? {};
  let value: unknown = raw;
  if (schema.type === 'integer' || schema.type === 'number') {
    const n =
      schema.type === 'integer'
        ? convertInteger(raw)
        : Number.isFinite(Number(raw)) && raw.trim() !== ''
          ? Number(raw)
          : undefined;
    const range = INT_RANGES[goScalarType(schema)];
    if (n === undefined || (range && (n < range[0] || n > range[1])))
      return `${p.name} in ${p.in} must be of type ${goScalarType(schema)}: ${goQuote(raw)}`;
    value = n;
  } else if (schema.type === 'boolean') {
    value = goBool(raw);
  }
  return scalarRules(p.name, p.in, schema, value);
}

/** The `validate.*` checks a scalar gets from its schema: enum, bounds, length, pattern, format. */
function scalarRules(name: string, where: string, schema: Schema, value: unknown): string | undefined {
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value))
    return `${name} in ${where} should be one of [${schema.enum.map(String).join(' ')}]`;
  if (typeof value === 'number') {
    const max = schema.maximum as number | undefined;
    const min = schema.minimum as number | undefined;
    if (max !== undefined && (schema.exclusiveMaximum === true ? value >= max : value > max))
      return `${name} in ${where} should be less than ${schema.exclusiveMaximum === true ? '' : 'or equal to '}${max}`;
    if (min !== undefined && (schema.exclusiveMinimum === true ? value <= min : value < min))
      return `${name} in ${where} should be greater than ${schema.exclusiveMinimum === true ? '' : 'or equal to '}${min}`;
  }
  if (typeof value === 'string') {
    // Lengths count runes (utf8.RuneCountInString).
    const length = [...value].length;
    if (typeof schema.maxLength === 'number' && length > schema.maxLength)
      return `${name} in ${where} should be at most ${schema.maxLength} chars long`;
    if (typeof schema.minLength === 'number' && length < schema.minLength)
      return `${name} in ${where} should be at least ${schema.minLength} chars long`;
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      return `${name} in ${where} should match '${schema.pattern}'`;
    if (schema.format === 'uri' && !isRequestUri(value))
      return `${name} in ${where} must be of type uri: ${goQuote(value)}`;
  }
  return undefined;
}

/** strfmt's `uri`: Go's url.ParseRequestURI, i.e. an absolute URL or an absolute path. */
function isRequestUri(value: string): boolean {
  if (value.startsWith('/')) return true;
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value);
}

// ---- body ----

const schemaOf = (s: Schema): { schema: Schema; model?: string } => {
  if (!s.$ref) return { schema: s };
  const model = s.$ref.split('/').pop() ?? '';
  return { schema: spec.components.schemas[model] ?? {}, model };
};

/** The Go type of a schema as reflect prints it (`models.Access`, `[]*models.Access`, `map[string]string`). */
function goType(s: Schema): string {
  const { schema, model } = schemaOf(s);
  if (model && (schema.type === 'object' || schema.properties || !schema.type))
    return schema.properties || schema.type === 'object' ? `models.${model}` : 'interface {}';
  if (schema.type === 'array') {
    const items = schema.items ? schemaOf(schema.items) : undefined;
    return `[]${items?.model && (items.schema.properties || items.schema.type === 'object') ? '*' : ''}${schema.items ? goType(schema.items) : 'interface {}'}`;
  }
  if (schema.type === 'object') {
    if (schema.properties) return 'struct';
    const extra = schema.additionalProperties;
    return `map[string]${extra && typeof extra === 'object' ? goType(extra) : 'interface {}'}`;
  }
  if (schema.format === 'date-time') return 'strfmt.DateTime';
  if (!schema.type) return 'interface {}';
  return goScalarType(schema);
}

const jsonKind = (v: unknown): string =>
  Array.isArray(v)
    ? 'array'
    : v === null
      ? 'null'
      : typeof v === 'boolean'
        ? 'bool'
        : typeof v === 'object'
          ? 'object'
          : typeof v;

/** Where encoding/json reports a type error: the innermost struct and the dotted key path. */
type DecodeContext = { struct?: string; fields: string[] };

class DecodeFailure extends Error {}

/**
 * encoding/json into the generated model: unknown keys are ignored (keys match case-insensitively),
 * `null` leaves the zero value, and a wrong JSON type is an UnmarshalTypeError (the first one wins).
 */
function decodeInto(s: Schema, value: unknown, ctx: DecodeContext): void {
  if (value === null) return;
  const { schema, model } = schemaOf(s);
  const fail = (got: string): never => {
    const type = goType(s);
    const message =
      ctx.struct !== undefined || ctx.fields.length > 0
        ? `json: cannot unmarshal ${got} into Go struct field ${ctx.struct ?? ''}.${ctx.fields.join('.')} of type ${type}`
        : `json: cannot unmarshal ${got} into Go value of type ${type}`;
    throw new DecodeFailure(message);
  };
  if (schema.properties || (schema.type === 'object' && !schema.additionalProperties)) {
    if (jsonKind(value) !== 'object') fail(jsonKind(value));
    const props = schema.properties ?? {};
    const byLower = new Map(Object.keys(props).map((k) => [k.toLowerCase(), k]));
    for (const [key, v] of Object.entries(value as Json)) {
      const prop = props[key] ? key : byLower.get(key.toLowerCase());
      if (!prop) continue;
      decodeInto(props[prop] ?? {}, v, { struct: model ?? ctx.struct, fields: [...ctx.fields, prop] });
    }
    return;
  }
  switch (schema.type) {
    case 'object': {
      if (jsonKind(value) !== 'object') fail(jsonKind(value));
      const extra = schema.additionalProperties;
      if (extra && typeof extra === 'object')
        for (const v of Object.values(value as Json)) decodeInto(extra, v, ctx);
      return;
    }
    case 'array':
      if (!Array.isArray(value)) fail(jsonKind(value));
      for (const item of value as unknown[]) decodeInto(schema.items ?? {}, item, ctx);
      return;
    case 'integer': {
      if (typeof value !== 'number') return fail(jsonKind(value));
      const range = INT_RANGES[goScalarType(schema)];
      if (!Number.isInteger(value) || (range && (value < range[0] || value > range[1])))
        fail(`number ${String(value)}`);
      return;
    }
    case 'number':
      if (typeof value !== 'number') fail(jsonKind(value));
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail(jsonKind(value));
      return;
    case 'string':
      if (typeof value !== 'string') fail(jsonKind(value));
      if (schema.format === 'date-time' && value !== '' && Number.isNaN(Date.parse(value as string))) {
        throw new DecodeFailure(
          `parsing time ${goQuote(value as string)} as "2006-01-02T15:04:05Z07:00": cannot parse ${goQuote(value as string)} as date-time`,
        );
      }
      return;
    default:
      // No type: interface{} takes anything.
      return;
  }
}

/**
 * The generated `Validate` of a model: required keys, then each property's rules. Every model
 * boundary wraps its failures in its own composite, as the generated code does.
 */
function validateModel(s: Schema, value: unknown, path: string): string[] {
  const { schema, model } = schemaOf(s);
  if (value === null || value === undefined) return [];
  const failures: string[] = [];
  if (schema.properties && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Json;
    for (const key of schema.required ?? []) {
      if (obj[key] === undefined || obj[key] === null)
        failures.push(`${join2(path, key)} in body is required`);
    }
    for (const [key, prop] of Object.entries(schema.properties)) {
      if (obj[key] === undefined || obj[key] === null) continue;
      failures.push(...validateModel(prop, obj[key], join2(path, key)));
    }
  } else if (schema.type === 'array' && Array.isArray(value)) {
    value.forEach((item, i) =>
      failures.push(...validateModel(schema.items ?? {}, item, join2(path, String(i)))),
    );
  } else if (path) {
    const failure = scalarRules(path, 'body', schema, value);
    if (failure) failures.push(failure);
  }
  return model && failures.length > 0 ? [['validation failure list:', ...failures].join('\n')] : failures;
}

const join2 = (path: string, key: string): string => (path ? `${path}.${key}` : key);

function bindBody(
  body: { name: string; required: boolean; schema?: Schema },
  raw: Buffer | undefined,
): string | undefined {
  if (raw === undefined) return body.required ? `${body.name} in body is required` : undefined;
  const decoded = decodeFirstJsonValue(raw.toString('utf8'));
  if (decoded.kind === 'eof') return body.required ? `${body.name} in body is required` : undefined;
  const parseError = (reason: string): string =>
    `parsing ${body.name} body from "" failed, because ${reason}`;
  if (decoded.kind === 'error') return parseError(decoded.message);
  if (!body.schema) return undefined;
  try {
    decodeInto(body.schema, decoded.value, { fields: [] });
  } catch (error) {
    if (error instanceof DecodeFailure) return parseError(error.message);
    throw error;
  }
  const failures = validateModel(body.schema, decoded.value, '');
  return failures.length > 0 ? failures.join('\n') : undefined;
}
