import type { FastifyRequest } from 'fastify';
import { unprocessable } from './errors.ts';
import { decodeFirstJsonValue } from './go-json.ts';
import { goBool } from './request-spec.ts';

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
  if (!/^application\/(.+\+)?json\b/i.test(type))
    throw unprocessable(`parsing body body from "" failed, because unsupported media type "${type}"`);
  // json.Decoder reads the first value and ignores the rest (the binding has refused bad JSON already).
  const decoded = decodeFirstJsonValue(text);
  if (decoded.kind === 'error')
    throw unprocessable(`parsing body body from "" failed, because ${decoded.message}`);
  return decoded.kind === 'value' ? decoded.value : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON object body; anything else fails go-swagger's model validation (422). */
export function objectBody(request: FastifyRequest, required = true): Record<string, unknown> {
  const body = jsonBody(request, required);
  // A JSON null decodes into the model's zero value: the handler sees an empty object.
  if (body === undefined || body === null) return {};
  if (!isRecord(body)) throw unprocessable('body in body must be of type object');
  return body;
}

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array';

/** Type checks of swagger model fields: a wrong JSON type is a 422 like go-swagger's unmarshal. */
export function field<T>(
  body: Record<string, unknown>,
  name: string,
  kind: Kind,
  path = name,
): T | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  const ok =
    kind === 'array'
      ? Array.isArray(value)
      : kind === 'object'
        ? typeof value === 'object' && !Array.isArray(value)
        : typeof value === kind;
  if (!ok || (kind === 'number' && !Number.isInteger(value))) {
    throw unprocessable(
      `${path} in body must be of type ${kind === 'number' ? 'integer' : kind}: "${typeof value}"`,
    );
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

/** A query parameter as go-swagger binds it: the last of repeated values wins. */
export function queryString(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown>)[name];
  if (Array.isArray(value)) {
    const last: unknown = value[value.length - 1];
    return typeof last === 'string' ? last : undefined;
  }
  return typeof value === 'string' ? value : undefined;
}

/** An integer query parameter (go-swagger has already refused what swag.ConvertInt64 cannot read). */
export function queryInt(request: FastifyRequest, name: string): number | undefined {
  const raw = queryString(request, name);
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw unprocessable(`${name} in query must be of type int64: "${raw}"`);
  return value;
}

/** A boolean query parameter: swag.ConvertBool never fails, unknown words are false. */
export function queryBool(request: FastifyRequest, name: string): boolean | undefined {
  const raw = queryString(request, name);
  if (raw === undefined || raw === '') return undefined;
  return goBool(raw);
}

export function pathInt(value: string, name: string): number {
  if (!/^-?\d+$/.test(value)) throw unprocessable(`${name} in path must be of type int64: "${value}"`);
  return Number(value);
}
