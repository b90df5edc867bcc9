// Reads a generated main.tf the way Terraform does (HashiCorp's own HCL parser, compiled to
// WebAssembly in @cdktn/hcl2json) and checks it against the provider schemas in
// fixtures/terraform-provider-harbor-schema.json.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// Loaded through require so that its type declarations, which pull the DOM library into the
// compilation (and break the server's own fetch types), stay out of the type check.
const { parse } = createRequire(import.meta.url)('@cdktn/hcl2json') as {
  parse(fileName: string, text: string): Promise<unknown>;
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type HclBody = { [key: string]: Json };

/** One block as hcl2json gives it: attributes and nested blocks (arrays of bodies) by name. */
export type HclFile = {
  terraform?: HclBody[];
  variable?: Record<string, HclBody[]>;
  provider?: Record<string, HclBody[]>;
  resource?: Record<string, Record<string, HclBody[]>>;
  data?: Record<string, Record<string, HclBody[]>>;
  [other: string]: unknown;
};

export async function parseHcl(text: string): Promise<HclFile> {
  return (await parse('main.tf', text)) as HclFile;
}

/**
 * hcl2json writes values in Terraform's JSON syntax, where `${…}` is an expression and `$${` /
 * `%%{` stand for literal `${` / `%{`. This returns the literal string, or throws on an expression.
 */
export function literal(value: Json | undefined): string {
  if (typeof value !== 'string') throw new Error(`expected a string literal, got ${JSON.stringify(value)}`);
  if (isReference(value)) throw new Error(`expected a string literal, got the expression ${String(value)}`);
  const text: string = value;
  return text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/** An expression such as `${var.robot_secret}` (a whole-string template of one reference). */
export function isReference(value: Json | undefined): value is string {
  return typeof value === 'string' && /^\$\{[A-Za-z_][\w.[\]]*\}$/.test(value) && !value.startsWith('$${');
}

export function reference(value: Json | undefined): string {
  if (!isReference(value)) throw new Error(`expected a reference, got ${JSON.stringify(value)}`);
  return value.slice(2, -1);
}

/** The only block of `name` in `body` (Terraform blocks arrive as arrays). */
export function only(body: HclBody | undefined, name: string): HclBody {
  const list = body?.[name];
  if (!Array.isArray(list) || list.length !== 1) throw new Error(`expected one "${name}" block`);
  return list[0] as HclBody;
}

export function blocks(body: HclBody | undefined, name: string): HclBody[] {
  const list = body?.[name];
  return Array.isArray(list) ? (list as HclBody[]) : [];
}

export function single<T>(map: Record<string, T[]> | undefined, label: string): T {
  const list = map?.[label];
  if (!list || list.length !== 1) throw new Error(`expected one block labelled "${label}"`);
  return list[0]!;
}

type ArgSchema = {
  type: 'string' | 'bool' | 'number' | 'list(string)';
  required?: boolean;
  optional?: boolean;
  default?: Json;
  writeOnly?: boolean;
  conflictsWith?: string[];
  requiredWith?: string[];
};
export type BlockSchema = {
  required?: boolean;
  arguments: Record<string, ArgSchema>;
  blocks?: Record<string, BlockSchema>;
};
export type ProviderSchema = {
  provider: BlockSchema;
  resources: Record<string, BlockSchema>;
  dataSources: Record<string, BlockSchema>;
};

export function providerSchema(): ProviderSchema {
  return JSON.parse(
    readFileSync(new URL('./fixtures/terraform-provider-harbor-schema.json', import.meta.url), 'utf8'),
  ) as ProviderSchema;
}

/** Terraform's meta-arguments, valid on every resource / data source / provider block. */
const RESOURCE_META = ['provider', 'depends_on', 'count', 'for_each', 'lifecycle'];
const PROVIDER_META = ['alias'];

function typeProblem(path: string, value: Json, type: ArgSchema['type']): string | null {
  if (isReference(value)) return null;
  const ok =
    type === 'string'
      ? // Terraform converts a bool or number to a string argument.
        typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number'
      : type === 'bool'
        ? typeof value === 'boolean'
        : type === 'number'
          ? typeof value === 'number'
          : Array.isArray(value) && value.every((v) => typeof v === 'string');
  return ok ? null : `${path}: ${JSON.stringify(value)} is not a ${type}`;
}

function checkBody(path: string, body: HclBody, schema: BlockSchema, meta: string[]): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (meta.includes(key)) continue;
    const arg = schema.arguments[key];
    const block = schema.blocks?.[key];
    if (arg) {
      const problem = typeProblem(`${path}.${key}`, value, arg.type);
      if (problem) problems.push(problem);
    } else if (block) {
      if (!Array.isArray(value)) problems.push(`${path}.${key} must be a block`);
      else
        value.forEach((b, i) => problems.push(...checkBody(`${path}.${key}[${i}]`, b as HclBody, block, [])));
    } else {
      problems.push(`${path}.${key} is not an argument or block of the provider`);
    }
  }
  for (const [key, arg] of Object.entries(schema.arguments)) {
    const present = key in body;
    if (arg.required && !present) problems.push(`${path}.${key} is required`);
    if (!present) continue;
    for (const other of arg.conflictsWith ?? [])
      if (other in body) problems.push(`${path}.${key} conflicts with ${other}`);
    for (const other of arg.requiredWith ?? [])
      if (!(other in body)) problems.push(`${path}.${key} needs ${other}`);
  }
  for (const [key, block] of Object.entries(schema.blocks ?? {}))
    if (block.required && !(key in body)) problems.push(`${path}.${key} block is required`);
  return problems;
}

/** Every provider, resource and data block of the file checked against the provider schemas. */
export function schemaProblems(file: HclFile, schema: ProviderSchema): string[] {
  const problems: string[] = [];
  const known = new Set(['terraform', 'variable', 'provider', 'resource', 'data']);
  for (const key of Object.keys(file)) if (!known.has(key)) problems.push(`unexpected top-level "${key}"`);
  for (const [name, list] of Object.entries(file.provider ?? {})) {
    if (name !== 'harbor') problems.push(`provider "${name}" is not the harbor provider`);
    list.forEach((b, i) =>
      problems.push(...checkBody(`provider.${name}[${i}]`, b, schema.provider, PROVIDER_META)),
    );
  }
  for (const [kind, map, schemas] of [
    ['resource', file.resource, schema.resources],
    ['data', file.data, schema.dataSources],
  ] as const) {
    for (const [type, byLabel] of Object.entries(map ?? {})) {
      const s = schemas[type];
      if (!s) {
        problems.push(`${kind} "${type}" does not exist in the provider`);
        continue;
      }
      for (const [label, list] of Object.entries(byLabel))
        list.forEach((b) => problems.push(...checkBody(`${kind}.${type}.${label}`, b, s, RESOURCE_META)));
    }
  }
  return problems;
}
