// What the Harbor proxy needs per session + setup + side (upstream origin, the Basic credentials,
// which TLS dispatcher), kept in memory for a few seconds so a page of proxied reads does not load
// the setup and decrypt the password for every request. Never written anywhere. Any change to the
// setup or its secrets drops the tickets, and a ticket built from data read before that change is
// not stored (the generation counter), so a stale password or URL is never reused.
import type { HarborSide } from '@hw/wizard-api';

import type { Storage } from '../storage/storage.ts';

export type ProxyTicket = {
  upstream: string;
  authorization: string;
  /** Key of the undici Agent for the connection's TLS setting (see proxy-dispatchers.ts). */
  dispatcher: string;
};

type Entry = { sessionId: string; side: HarborSide; ticket: ProxyTicket; expiresAt: number };

export const PROXY_TICKET_TTL_MS = 15_000;
const MAX_SETUPS = 5_000;

export class ProxyTicketCache {
  /** setup id → its tickets (a setup belongs to one session; the entry repeats it to check). */
  readonly #bySetup = new Map<string, Entry[]>();
  #generation = 0;

  constructor(
    private readonly ttlMs = PROXY_TICKET_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Read before loading what a ticket is built from; `set` refuses it if anything changed since. */
  get generation(): number {
    return this.#generation;
  }

  get(sessionId: string, setupId: string, side: HarborSide): ProxyTicket | null {
    const entry = this.#bySetup.get(setupId)?.find((e) => e.side === side);
    if (!entry || entry.sessionId !== sessionId) return null;
    if (entry.expiresAt <= this.now()) {
      this.#bySetup.delete(setupId);
      return null;
    }
    return entry.ticket;
  }

  /** `notAfter`: when the password it carries expires (the ticket never outlives it). */
  set(
    generation: number,
    key: { sessionId: string; setupId: string; side: HarborSide },
    ticket: ProxyTicket,
    notAfter: number,
  ): void {
    if (generation !== this.#generation) return;
    if (this.#bySetup.size >= MAX_SETUPS) this.#sweep();
    const entries = (this.#bySetup.get(key.setupId) ?? []).filter(
      (e) => e.side !== key.side && e.sessionId === key.sessionId,
    );
    entries.push({
      sessionId: key.sessionId,
      side: key.side,
      ticket,
      expiresAt: Math.min(this.now() + this.ttlMs, notAfter),
    });
    this.#bySetup.set(key.setupId, entries);
  }

  forgetSetup(setupId: string): void {
    this.#generation++;
    this.#bySetup.delete(setupId);
  }

  forgetSession(sessionId: string): void {
    this.#generation++;
    for (const [setupId, entries] of this.#bySetup) {
      if (entries.some((e) => e.sessionId === sessionId)) this.#bySetup.delete(setupId);
    }
  }

  clear(): void {
    this.#generation++;
    this.#bySetup.clear();
  }

  get size(): number {
    return this.#bySetup.size;
  }

  #sweep(): void {
    const now = this.now();
    for (const [setupId, entries] of this.#bySetup) {
      if (entries.every((e) => e.expiresAt <= now)) this.#bySetup.delete(setupId);
    }
    // Still full of live tickets: drop the oldest (they are only a cache).
    for (const setupId of this.#bySetup.keys()) {
      if (this.#bySetup.size < MAX_SETUPS) break;
      this.#bySetup.delete(setupId);
    }
  }
}

/**
 * The same storage, telling the cache when a setup is written (its connection may have changed).
 * Everything else passes through untouched.
 */
export function invalidatingStorage(storage: Storage, tickets: ProxyTicketCache): Storage {
  const bound = new Map<PropertyKey, unknown>();
  const saveSetup: Storage['saveSetup'] = async (setup) => {
    await storage.saveSetup(setup);
    tickets.forgetSetup(setup.id);
  };
  return new Proxy(storage, {
    get(target, property, receiver) {
      if (property === 'saveSetup') return saveSetup;
      let value = bound.get(property);
      if (value === undefined) {
        value = Reflect.get(target, property, receiver);
        if (typeof value === 'function') value = (value as (...a: unknown[]) => unknown).bind(target);
        bound.set(property, value);
      }
      return value;
    },
  });
}
