// A whole-number field bound to the surrounding form by name; an empty field is `undefined` in the
// form, so the schema says what is missing instead of receiving 0 or "".
import { NumberInput } from '@mantine/core';
import type { NumberInputProps } from '@mantine/core';
import type { FieldValues, Path } from 'react-hook-form';
import { useBoundField } from './use-bound-field.ts';

type Props<T extends FieldValues> = { name: Path<T> } & Omit<
  NumberInputProps,
  'name' | 'error' | 'value' | 'defaultValue' | 'onChange' | 'onBlur'
>;

export function NumberField<T extends FieldValues = FieldValues>({ name, ...props }: Props<T>) {
  const { ref, field, error } = useBoundField<T>(name);
  return (
    <NumberInput
      allowDecimal={false}
      {...props}
      name={field.name}
      ref={ref}
      onBlur={field.onBlur}
      value={typeof field.value === 'number' ? field.value : ''}
      onChange={(v) => field.onChange(typeof v === 'number' ? v : undefined)}
      error={error}
    />
  );
}
