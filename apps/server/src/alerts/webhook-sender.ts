// One POST to a webhook, hardened like the Harbor client: no redirect followed (a 3xx is a
// failure), every address checked when the connection opens (no cloud metadata, no link-local),
// 10 s for the whole exchange, and at most a few hundred bytes of the answer read. The result never
// quotes the URL (its path is the credential) nor the answer beyond a short plain error word.
import type { LookupFunction } from 'node:net';

import { BLOCKED_ADDRESS_CODE } from '@hw/harbor-client';
import { createHarborFetch } from '@hw/harbor-client/node';

export const WEBHOOK_TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 512;

export type SendResult =
  | { ok: true; status: number }
  /** `retry: false` when trying again cannot help (a redirect, a refusal, a forbidden address). */
  | { ok: false; retry: boolean; error: string };

/** `stop` aborts the request (the server is shutting down). */
export type WebhookSend = (url: string, body: string, stop?: AbortSignal) => Promise<SendResult>;

/** The first bytes of the answer, then the rest is dropped unread. */
async function readHead(res: Response): Promise<string> {
  if (res.body === null) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ANSWER_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
}

/** Slack answers errors with one word (`invalid_payload`, `no_service`): worth showing; anything else is not. */
function errorWord(answer: string): string {
  const word = answer.trim();
  return /^[A-Za-z0-9_.-]{1,60}$/.test(word) ? `: ${word}` : '';
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

function failure(error: unknown): SendResult {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return { ok: false, retry: true, error: `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s` };
  const code = causeCode(error);
  switch (code) {
    case BLOCKED_ADDRESS_CODE:
      return {
        ok: false,
        retry: false,
        error: 'refused: the host resolves to a cloud metadata or link-local address',
      };
    case 'ECONNREFUSED':
      return { ok: false, retry: true, error: 'connection refused' };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { ok: false, retry: true, error: 'host name not found' };
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return { ok: false, retry: true, error: 'the connection was closed before an answer' };
    default:
      return {
        ok: false,
        retry: true,
        error:
          code?.startsWith('ERR_TLS') || code?.includes('CERT')
            ? `TLS error (${code})`
            : `network error${code ? ` (${code})` : ''}`,
      };
  }
}

export function createWebhookSender(options: {
  lookup: LookupFunction;
  /** Refuses literal addresses (they never reach the lookup). */
  isBlocked: (url: string) => boolean;
  timeoutMs?: number;
}): WebhookSend {
  const post = createHarborFetch({ lookup: options.lookup });
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return async (url, body, stop) => {
    if (options.isBlocked(url))
      return { ok: false, retry: false, error: 'refused: a cloud metadata or link-local address' };
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = stop ? AbortSignal.any([timeout, stop]) : timeout;
    try {
      const res = await post(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'harbor-replication-wizard' },
        body,
        signal,
      });
      const answer = await readHead(res);
      if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
      if (res.status >= 300 && res.status < 400)
        return {
          ok: false,
          retry: false,
          error: `the receiver answered with a redirect (HTTP ${res.status}), which is never followed: use the final URL`,
        };
      const transient = res.status === 408 || res.status === 429 || res.status >= 500;
      return { ok: false, retry: transient, error: `HTTP ${res.status}${errorWord(answer)}` };
    } catch (error) {
      return failure(error);
    }
  };
}
