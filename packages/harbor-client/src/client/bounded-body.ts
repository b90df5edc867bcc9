// Reading a Harbor answer with a size cap: a hostile or broken Harbor can send a body of any size,
// and buffering it whole would exhaust the caller's memory. The read stops (and the stream is
// cancelled, so the connection stops pulling bytes) as soon as the cap is passed.
import { TOO_LARGE_CODE } from './harbor-error.ts';

/** Far above any page the wizard asks for (100 items), far below what hurts a server's memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
  readonly code = TOO_LARGE_CODE;

  constructor(readonly limitBytes: number) {
    super(`the answer is larger than ${formatBytes(limitBytes)}, the most this server reads`);
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MB`
    : `${bytes} bytes`;
}

/** The body as text, or ResponseTooLargeError once more than `maxBytes` arrived (or were announced). */
export async function readTextCapped(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(maxBytes);
  }
  if (res.body === null) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
