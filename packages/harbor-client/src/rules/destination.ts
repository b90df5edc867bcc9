// Where a source repository lands on the destination Harbor (Harbor v2.15.2
// controller/replication/flow/stage.go replaceNamespace, for a Harbor destination;
// docs/harbor-behaviour.md, "Destination naming").
import { goPathJoin, goQuote, goStringSlice } from './go-format.ts';

export type DestinationName = { ok: true; name: string } | { ok: false; message: string };

/**
 * The destination repository of `source` ("a/b/c/image") under `dest_namespace` with
 * `dest_namespace_replace_count` (-1 flattens all levels, 0 keeps them, N drops the first N).
 * An impossible level is an execution failure in Harbor, with the message returned here.
 */
export function destinationRepository(
  source: string,
  namespace: string | undefined,
  replaceCount: number,
): DestinationName {
  if (namespace === undefined || namespace.length === 0) return { ok: true, name: source };
  const components = source.split('/');
  const parents = components.slice(0, -1);
  let prefix: string;
  if (replaceCount < 0) {
    prefix = namespace;
  } else if (replaceCount > parents.length) {
    return {
      ok: false,
      message:
        `the source repository ${goQuote(source)} contains only ${parents.length} path components ` +
        `${goStringSlice(parents)} excepting the last one, but the destination namespace flattening level is ${replaceCount}`,
    };
  } else {
    prefix = `${namespace}/${parents.slice(replaceCount).join('/')}`;
  }
  const name = goPathJoin(prefix, components[components.length - 1] ?? '');
  // A Harbor destination declares AT_LEAST_TWO path components.
  const nameComponents = name.split('/');
  if (nameComponents.length < 2) {
    return {
      ok: false,
      message:
        `the destination repository ${goQuote(name)} contains only ${nameComponents.length} path components ` +
        `${goStringSlice(nameComponents)}, but the destination registry requires at least 2`,
    };
  }
  return { ok: true, name };
}

/** The portal's labels for `dest_namespace_replace_count`. */
export const FLATTENING_LEVELS: readonly { value: -1 | 0 | 1 | 2 | 3; label: string }[] = [
  { value: -1, label: 'Flatten All Levels' },
  { value: 0, label: 'No Flatting' },
  { value: 1, label: 'Flatten 1 Level' },
  { value: 2, label: 'Flatten 2 Levels' },
  { value: 3, label: 'Flatten 3 Levels' },
];
