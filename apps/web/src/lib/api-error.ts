// The error every failed server call throws. Kept apart from the client so the app shell can
// recognise it without loading the schemas.
import type { ApiError } from '@hw/wizard-api';

/** A failed call to apps/server, with the server's (and Harbor's) explanation when it sent one. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly body: ApiError;

  constructor(status: number, body: ApiError) {
    super(body.message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.body = body;
  }

  get code(): string {
    return this.body.code;
  }

  /** What Harbor itself answered, verbatim, when the failure came from a Harbor call. */
  get harborMessage(): string | undefined {
    const errors = this.body.harbor?.errors ?? [];
    return errors.length > 0 ? errors.map((e) => e.message).join('; ') : undefined;
  }

  /** A 409 that asks for a choice (rename, reuse); a write from a stale tab is not one. */
  get isConflict(): boolean {
    return this.status === 409 && !this.isStaleSetup;
  }

  /** The setup changed in another tab since this page loaded it: only a reload helps. */
  get isStaleSetup(): boolean {
    return this.status === 409 && this.body.code === 'setup-changed';
  }
}
