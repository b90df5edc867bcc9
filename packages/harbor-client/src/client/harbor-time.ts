// Harbor encodes "no time yet" as Go's zero time (never omitted, it is a struct), e.g. the
// `end_time` of a running execution.
export const HARBOR_ZERO_TIME = '0001-01-01T00:00:00.000Z';

export function isZeroHarborTime(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.startsWith('0001-01-01');
}

/** A Date for a Harbor timestamp, or null when it is missing, empty, the zero time, or unparsable. */
export function parseHarborTime(value: string | null | undefined): Date | null {
  if (value === null || value === undefined || value === '' || isZeroHarborTime(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
