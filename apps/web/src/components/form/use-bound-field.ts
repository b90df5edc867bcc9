// The binding a single-value field takes from the surrounding form: its ref, its controller and the
// error message to show.
import { useController } from 'react-hook-form';
import type { FieldValues, Path } from 'react-hook-form';

export function useBoundField<T extends FieldValues>(name: Path<T>) {
  // The ref apart: react-hooks/refs takes any object that holds a ref for a ref read during render.
  const {
    field: { ref, ...field },
    fieldState,
  } = useController<T>({ name });
  return { ref, field, error: fieldState.error?.message || undefined };
}
