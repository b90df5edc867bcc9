// A whole-number field bound to the surrounding form by name; an empty field is `undefined` in the
// form, so the schema says what is missing instead of receiving 0 or "".
import { NumberInput } from '@mantine/core';
import type { NumberInputProps } from '@mantine/core';
import { useController } from 'react-hook-form';
import type { FieldValues, Path } from 'react-hook-form';

type Props<T extends FieldValues> = { name: Path<T> } & Omit<
  NumberInputProps,
  'name' | 'error' | 'value' | 'defaultValue' | 'onChange' | 'onBlur'
>;

export function NumberField<T extends FieldValues = FieldValues>({ name, ...props }: Props<T>) {
  // The ref apart: react-hooks/refs takes any object that holds a ref for a ref read during render.
  const {
    field: { ref, ...field },
    fieldState,
  } = useController<T>({ name });
  return (
    <NumberInput
      allowDecimal={false}
      {...props}
      name={field.name}
      ref={ref}
      onBlur={field.onBlur}
      value={typeof field.value === 'number' ? field.value : ''}
      onChange={(v) => field.onChange(typeof v === 'number' ? v : undefined)}
      error={fieldState.error?.message || undefined}
    />
  );
}
