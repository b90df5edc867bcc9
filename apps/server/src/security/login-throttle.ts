// Password guessing through the wizard: a fresh browser session costs nothing, so failed Harbor
// logins are also counted per client address and per Harbor account (URL + user name). Past either
// limit the login is refused with 429 before Harbor is asked, until the oldest failure leaves the
// window.
import { ApiFailure } from '../errors.ts';

export type ThrottleLimit = { failures: number; windowMs: number };

export type LoginThrottleLimits = { perAddress: ThrottleLimit; perAccount: ThrottleLimit };

/** Enough for typos and a forgotten password, far too few to guess one. */
export const DEFAULT_LOGIN_LIMITS: LoginThrottleLimits = {
  perAddress: { failures: 30, windowMs: 15 * 60_000 },
  perAccount: { failures: 10, windowMs: 15 * 60_000 },
};

/** Keys kept at most: an attacker spreading over many addresses cannot grow memory without bound. */
const MAX_KEYS = 10_000;

export type LoginAttempt = { address: string; harborUrl: string; username: string };

export class LoginThrottle {
  /** Failure times per key, oldest first; Map order is the eviction order. */
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly limits: LoginThrottleLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  #keys(attempt: LoginAttempt): [string, ThrottleLimit][] {
    // Case variants of a user name count as one account: at worst that is stricter.
    const account = `${attempt.harborUrl}\n${attempt.username.toLowerCase()}`;
    return [
      [`address\n${attempt.address}`, this.limits.perAddress],
      [`account\n${account}`, this.limits.perAccount],
    ];
  }

  #recent(key: string, limit: ThrottleLimit, now: number): number[] {
    const times = (this.#failures.get(key) ?? []).filter((at) => at > now - limit.windowMs);
    if (times.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, times);
    return times;
  }

  /** Seconds until this attempt may be made, 0 when it may be made now. */
  retryAfterSeconds(attempt: LoginAttempt): number {
    const now = this.now();
    let waitMs = 0;
    for (const [key, limit] of this.#keys(attempt)) {
      const times = this.#recent(key, limit, now);
      if (times.length >= limit.failures) {
        const freed = times[times.length - limit.failures]! + limit.windowMs;
        waitMs = Math.max(waitMs, freed - now);
      }
    }
    return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
  }

  recordFailure(attempt: LoginAttempt): void {
    const now = this.now();
    for (const [key, limit] of this.#keys(attempt)) {
      const times = this.#recent(key, limit, now);
      this.#failures.delete(key);
      this.#failures.set(key, [...times, now]);
    }
    while (this.#failures.size > MAX_KEYS) {
      const oldest = this.#failures.keys().next().value;
      if (oldest === undefined) break;
      this.#failures.delete(oldest);
    }
  }

  /**
   * Runs a Harbor login unless this address or account is locked out (429 with Retry-After), and
   * counts it when Harbor refused the credentials.
   */
  async guard<T>(attempt: LoginAttempt, login: () => Promise<T>): Promise<T> {
    const wait = this.retryAfterSeconds(attempt);
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60);
      throw new ApiFailure(
        429,
        {
          code: 'too-many-logins',
          message: `Too many failed logins to this Harbor from here. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
          hint: 'Check the user name and password (or reset the password on Harbor) before trying again.',
        },
        { 'retry-after': String(wait) },
      );
    }
    try {
      return await login();
    } catch (error) {
      if (error instanceof ApiFailure && error.body.code === 'wrong-credentials') this.recordFailure(attempt);
      throw error;
    }
  }
}
