import type { FastifyReply } from 'fastify';

/** go-swagger models marshal their fields in alphabetical order; so do we, at every depth. */
export function toSortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      const obj = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(obj)
          .sort()
          .map((k) => [k, obj[k]]),
      );
    }
    return v;
  });
}

/** go-openapi's JSON producer: json.Encoder, so the body ends with a newline. */
export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json')
    .send(`${toSortedJson(body)}\n`);
}

/** `omitempty`: false, 0, "" and empty values disappear. */
export function oe<T>(value: T): T | undefined {
  if (value === false || value === 0 || value === '' || value === null) return undefined;
  return value;
}

/** strfmt.DateTime: RFC 3339 with milliseconds in UTC. */
export function time(value: Date | undefined): string {
  return value ? value.toISOString() : ZERO_TIME;
}

export const ZERO_TIME = '0001-01-01T00:00:00.000Z';

/** 201 with a Location header and an empty body, as Harbor answers creates. */
export function sendCreated(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(201).header('location', location).send();
}
