import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';

/** Harbor's error codes and the status each maps to (`lib/http/error.go` codeMap). */
const STATUS_BY_CODE = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  DENIED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PRECONDITION: 412,
  VIOLATE_FOREIGN_KEY_CONSTRAINT: 412,
  UNPROCESSABLE_ENTITY: 422,
  TOO_MANY_REQUEST: 429,
  UNKNOWN: 500,
} as const;

/** An error a handler raises; the error handler turns it into Harbor's error body. */
export class SimHttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(code: string, message: string, status?: number) {
    super(message);
    this.code = code;
    this.status = status ?? (STATUS_BY_CODE as Record<string, number>)[code] ?? 500;
  }
}

export const badRequest = (message: string): SimHttpError => new SimHttpError('BAD_REQUEST', message);
export const unauthorized = (message = 'unauthorized'): SimHttpError =>
  new SimHttpError('UNAUTHORIZED', message);
export const forbidden = (message = 'forbidden'): SimHttpError => new SimHttpError('FORBIDDEN', message);
export const denied = (message: string): SimHttpError => new SimHttpError('DENIED', message);
export const notFound = (message: string): SimHttpError => new SimHttpError('NOT_FOUND', message);
export const conflict = (message: string): SimHttpError => new SimHttpError('CONFLICT', message);
export const precondition = (message: string): SimHttpError => new SimHttpError('PRECONDITION', message);
export const unprocessable = (message: string): SimHttpError =>
  new SimHttpError('UNPROCESSABLE_ENTITY', `validation failure list:\n${message}`);
export const internal = (message: string): SimHttpError => new SimHttpError('UNKNOWN', message);

/** Status text code used when a remote Harbor's status is passed through (e.g. 401 → UNAUTHORIZED). */
export function codeForStatus(status: number): string {
  if (status >= 500) return 'UNKNOWN';
  return (STATUS_CODES[status] ?? 'UNKNOWN').toUpperCase().replace(/[^A-Z]+/g, '_');
}

/** Harbor's error body: `{"errors":[{code,message}]}` plus a newline; ≥500 is always masked. */
export function errorBody(status: number, code: string, message: string): string {
  const masked = status >= 500;
  return `${JSON.stringify({ errors: [{ code: masked ? 'UNKNOWN' : code, message: masked ? 'internal server error' : message }] })}\n`;
}

export function sendError(reply: FastifyReply, error: SimHttpError): FastifyReply {
  return reply
    .code(error.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(errorBody(error.status, error.code, error.message));
}
