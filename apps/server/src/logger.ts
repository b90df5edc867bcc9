// pino options shared by the process and the tests: credentials are redacted wherever they could
// appear in a log line (headers, bodies, errors), whatever the log level.
import type { LoggerOptions } from 'pino';

export const REDACT_CENSOR = '[redacted]';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  'secret',
  'access_secret',
  'accessSecret',
  'caPem',
  '*.password',
  '*.secret',
  '*.access_secret',
  '*.accessSecret',
  '*.authorization',
  '*.*.password',
  '*.*.secret',
  '*.*.access_secret',
  '*.*.authorization',
  'err.request.headers.authorization',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: REDACT_CENSOR },
  };
}
