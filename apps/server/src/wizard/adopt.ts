// create → 409 → find → compare → adopt or conflict: the one way the wizard creates an object on
// Harbor. A create whose answer was lost (a timeout, a reset, a server restart) may have acted:
// the retry then meets Harbor's 409, and the object it finds is this setup's own when it is exactly
// what this setup asked for. Anything else is a conflict for the operator to resolve.
import type { HarborError } from '@hw/harbor-client';
import { isHarborError } from '@hw/harbor-client';

import type { AppContext } from '../context.ts';
import { ApiFailure } from '../errors.ts';
import type { SetupInternal, SetupRecord } from '../storage/storage.ts';

type CreateFlow<E, C> = {
  create: () => Promise<number>;
  /** After Harbor's 409: the existing object of that name, or null. */
  find: () => Promise<E | null>;
  idOf: (existing: E) => number | undefined;
  /** The existing object is what this setup asked for: an earlier attempt of ours made it. */
  isOurs: (existing: E) => boolean;
  /** Not ours: a 409 for the operator (or, where the operator chose so beforehand, a reuse). */
  conflict: (error: HarborError, existing: E | null) => Promise<C> | never;
};

/** `existing` is null when the create itself succeeded, the adopted object otherwise. */
type Created<E> = { id: number; existing: E | null };

export async function createOrAdopt<E, C = never>(flow: CreateFlow<E, C>): Promise<Created<E> | C> {
  try {
    return { id: await flow.create(), existing: null };
  } catch (error) {
    if (!(isHarborError(error) && error.status === 409)) throw error;
    const existing = await flow.find();
    const id = existing === null ? undefined : flow.idOf(existing);
    if (existing === null || id === undefined || !flow.isOurs(existing))
      return flow.conflict(error, existing);
    return { id, existing };
  }
}

type PendingCreate = NonNullable<SetupInternal['pendingCreate']>;

/** Harbor answered (a success or a refusal), so the create did or did not happen: nothing is pending. */
export function answered(error: unknown): boolean {
  if (error instanceof ApiFailure) return true;
  return isHarborError(error) && error.kind === 'http' && (error.status ?? 0) < 500;
}

/**
 * `createOrAdopt` for objects whose name alone proves nothing (a project, a robot: anyone may have
 * made one of that name): the request is saved in the setup before Harbor is asked, and cleared
 * once Harbor has answered. Only a retry of the very request whose answer was lost (a timeout, a
 * reset, this server dying) may adopt what it finds as this setup's own; clean-up then removes it.
 */
export async function createOrAdoptPending<E, C = never>(
  ctx: AppContext,
  setup: SetupRecord,
  pending: PendingCreate,
  flow: CreateFlow<E, C>,
): Promise<Created<E> | C> {
  const saved = setup.internal.pendingCreate;
  const lostBefore = saved !== undefined && JSON.stringify(saved) === JSON.stringify(pending);
  setup.internal.pendingCreate = pending;
  await ctx.setups.save(setup);
  const settle = async () => {
    delete setup.internal.pendingCreate;
    await ctx.setups.save(setup);
  };
  try {
    const outcome = await createOrAdopt({
      ...flow,
      isOurs: (existing) => lostBefore && flow.isOurs(existing),
    });
    await settle();
    return outcome;
  } catch (error) {
    if (answered(error)) await settle();
    throw error;
  }
}
