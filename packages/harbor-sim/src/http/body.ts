import type { FastifyRequest } from 'fastify';
import { unprocessable } from './errors.ts';

/**
 * Reads a JSON body the way go-swagger binds one: a non-JSON content type or malformed JSON is a
 * 422 validation failure, and so is a missing required body.
 */
export function jsonBody(request: FastifyRequest, required = true): unknown {
  const raw = request.body;
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : '';
  if (text.trim() === '') {
    if (required) throw unprocessable('body in body is required');
    return undefined;
  }
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw unprocessable(`parsing body body from "" failed, because unsupported media type "${type}"`);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw unprocessable(`parsing body body from "" failed, because ${(e as Error).message}`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON object body; anything else fails go-swagger's model validation (422). */
export function objectBody(request: FastifyRequest, required = true): Record<string, unknown> {
  const body = jsonBody(request, required);
  if (body === undefined) return {};
  if (!isRecord(body)) throw unprocessable('body in body must be of type object');
  return body;
}

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array';

/** Type checks of swagger model fields: a wrong JSON type is a 422 like go-swagger's unmarshal. */
export function field<T>(body: Record<string, unknown>, name: string, kind: Kind, path = name): T | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  const ok =
    kind === 'array' ? Array.isArray(value) : kind === 'object' ? typeof value === 'object' && !Array.isArray(value) : typeof value === kind;
  if (!ok || (kind === 'number' && !Number.isInteger(value))) {
    throw unprocessable(`${path} in body must be of type ${kind === 'number' ? 'integer' : kind}: "${typeof value}"`);
  }
  return value as T;
}

/** Items of a model array: each must be an object (go-swagger's unmarshal), returned as records. */
export function records(items: unknown[] | undefined, path: string): Record<string, unknown>[] {
  return (items ?? []).map((item, i) => {
    if (!isRecord(item)) throw unprocessable(`${path}.${i} in body must be of type object: "${typeof item}"`);
    return item;
  });
}

export function queryString(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown>)[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function queryInt(request: FastifyRequest, name: string): number | undefined {
  const raw = queryString(request, name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw unprocessable(`${name} in query must be of type int64: "${raw}"`);
  return Number(raw);
}

export function queryBool(request: FastifyRequest, name: string): boolean | undefined {
  const raw = queryString(request, name);
  if (raw === undefined || raw === '') return undefined;
  if (raw !== 'true' && raw !== 'false') throw unprocessable(`${name} in query must be of type boolean: "${raw}"`);
  return raw === 'true';
}

export function pathInt(value: string, name: string): number {
  if (!/^-?\d+$/.test(value)) throw unprocessable(`${name} in path must be of type int64: "${value}"`);
  return Number(value);
}
