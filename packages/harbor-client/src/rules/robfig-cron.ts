// A port of the parser and scheduler of github.com/robfig/cron/v3 v3.0.1, configured as Harbor
// configures it (`Second | Minute | Hour | Dom | Month | Dow`: six mandatory fields, no
// descriptors). Harbor accepts exactly what this parser accepts, so it is ported, not approximated.

type Bounds = { min: number; max: number; names?: Readonly<Record<string, number>> };

const SECONDS: Bounds = { min: 0, max: 59 };
const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
};
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** One field: which values match, and robfig's "star bit" (the field was `*` or `?`). */
type Field = { values: readonly boolean[]; star: boolean };

export type CronSchedule = {
  second: Field;
  minute: Field;
  hour: Field;
  dom: Field;
  month: Field;
  dow: Field;
};

export type CronParse = { ok: true; schedule: CronSchedule } | { ok: false; error: string };

// Go's unicode.IsSpace, which strings.Fields splits on (not quite JavaScript's \s).
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

class CronSyntaxError extends Error {}

// strconv.Atoi: optional sign, decimal digits only.
function mustParseInt(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new CronSyntaxError(`failed to parse int from ${expr}`);
  const num = Number(expr);
  if (!Number.isSafeInteger(num))
    throw new CronSyntaxError(`failed to parse int from ${expr}: value out of range`);
  if (num < 0) throw new CronSyntaxError(`negative number (${num}) not allowed: ${expr}`);
  return num;
}

function parseIntOrName(expr: string, names: Bounds['names']): number {
  const named = names?.[expr.toLowerCase()];
  return named ?? mustParseInt(expr);
}

function addRange(expr: string, bounds: Bounds, values: boolean[]): boolean {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = (rangeAndStep[0] ?? '').split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  const low = lowAndHigh[0] ?? '';
  if (low === '*' || low === '?') {
    // robfig ignores anything after "*-", so "*-5" means "*".
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    start = parseIntOrName(low, bounds.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1] ?? '', bounds.names);
    else throw new CronSyntaxError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1] ?? '');
    // "N/step" means "N-max/step".
    if (singleDigit) end = bounds.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronSyntaxError(`too many slashes: ${expr}`);
  }
  if (start < bounds.min)
    throw new CronSyntaxError(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max)
    throw new CronSyntaxError(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end)
    throw new CronSyntaxError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronSyntaxError(`step of range should be a positive number: ${expr}`);
  for (let value = start; value <= end; value += step) values[value] = true;
  return star;
}

function parseField(field: string, bounds: Bounds): Field {
  const values: boolean[] = new Array<boolean>(bounds.max + 1).fill(false);
  let star = false;
  for (const expr of field.split(',')) {
    if (addRange(expr, bounds, values)) star = true;
  }
  return { values, star };
}

function isValidTimeZone(name: string): boolean {
  if (name === '' || name === 'UTC' || name === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function parseCron(spec: string): CronParse {
  try {
    if (spec.length === 0) throw new CronSyntaxError('empty spec string');
    let rest = spec;
    if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
      const space = rest.indexOf(' ');
      // Go slices spec[eq+1:-1] here and panics; Harbor answers that with an error too.
      if (space === -1) throw new CronSyntaxError('missing schedule after the time zone');
      const zone = rest.slice(rest.indexOf('=') + 1, space);
      if (!isValidTimeZone(zone)) throw new CronSyntaxError(`provided bad location ${zone}`);
      rest = rest.slice(space).trim();
    }
    if (rest.startsWith('@')) throw new CronSyntaxError(`parser does not accept descriptors: ${rest}`);
    const fields = rest.split(GO_SPACE).filter((part) => part !== '');
    if (fields.length !== 6)
      throw new CronSyntaxError(`expected exactly 6 fields, found ${fields.length}: ${rest}`);
    const [second, minute, hour, dom, month, dow] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    return {
      ok: true,
      schedule: {
        second: parseField(second, SECONDS),
        minute: parseField(minute, MINUTES),
        hour: parseField(hour, HOURS),
        dom: parseField(dom, DOM),
        month: parseField(month, MONTHS),
        dow: parseField(dow, DOW),
      },
    };
  } catch (error) {
    if (error instanceof CronSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}

function dayMatches(s: CronSchedule, t: Date): boolean {
  const domMatch = s.dom.values[t.getUTCDate()] === true;
  const dowMatch = s.dow.values[t.getUTCDay()] === true;
  // A restricted day-of-month and a restricted day-of-week are alternatives (either may match).
  if (s.dom.star || s.dow.star) return domMatch && dowMatch;
  return domMatch || dowMatch;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date {
  return new Date(Date.UTC(year, month, day, hour, minute, second));
}

/**
 * robfig's SpecSchedule.Next in UTC: the first activation strictly after `from`, or null when none
 * exists within five years (e.g. "0 0 0 30 2 *").
 */
export function nextActivation(s: CronSchedule, from: Date): Date | null {
  let t = new Date(Math.floor(from.getTime() / SECOND) * SECOND + SECOND);
  let added = false;
  const yearLimit = t.getUTCFullYear() + 5;
  wrap: for (;;) {
    if (t.getUTCFullYear() > yearLimit) return null;
    while (s.month.values[t.getUTCMonth() + 1] !== true) {
      if (!added) {
        added = true;
        t = utc(t.getUTCFullYear(), t.getUTCMonth(), 1);
      }
      t = utc(
        t.getUTCFullYear(),
        t.getUTCMonth() + 1,
        t.getUTCDate(),
        t.getUTCHours(),
        t.getUTCMinutes(),
        t.getUTCSeconds(),
      );
      if (t.getUTCMonth() === 0) continue wrap;
    }
    while (!dayMatches(s, t)) {
      if (!added) {
        added = true;
        t = utc(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
      }
      t = new Date(t.getTime() + DAY);
      if (t.getUTCDate() === 1) continue wrap;
    }
    while (s.hour.values[t.getUTCHours()] !== true) {
      if (!added) {
        added = true;
        t = utc(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours());
      }
      t = new Date(t.getTime() + HOUR);
      if (t.getUTCHours() === 0) continue wrap;
    }
    while (s.minute.values[t.getUTCMinutes()] !== true) {
      if (!added) {
        added = true;
        t = new Date(Math.floor(t.getTime() / MINUTE) * MINUTE);
      }
      t = new Date(t.getTime() + MINUTE);
      if (t.getUTCMinutes() === 0) continue wrap;
    }
    while (s.second.values[t.getUTCSeconds()] !== true) {
      if (!added) {
        added = true;
        t = new Date(Math.floor(t.getTime() / SECOND) * SECOND);
      }
      t = new Date(t.getTime() + SECOND);
      if (t.getUTCSeconds() === 0) continue wrap;
    }
    return t;
  }
}
