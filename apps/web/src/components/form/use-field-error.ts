// The error message a field shows: its own, or a rule on an enclosing object (e.g. the filters as a
// whole) when the field itself is fine.
import { useFormContext, useFormState } from 'react-hook-form';
import type { FieldValues, Path } from 'react-hook-form';

export function useFieldError<T extends FieldValues>(
  name: Path<T>,
  fallbackErrorFrom?: Path<T>,
): string | undefined {
  const { control, getFieldState } = useFormContext<T>();
  // Subscribes to this field only, so typing elsewhere does not re-render it.
  const formState = useFormState({ control, name: fallbackErrorFrom ? [name, fallbackErrorFrom] : name });
  const own = getFieldState(name, formState).error?.message;
  const fallback = fallbackErrorFrom ? getFieldState(fallbackErrorFrom, formState).error?.message : undefined;
  return own || fallback || undefined;
}
