// A native select bound to the surrounding form by name. The options carry the form's own values
// (an enum member, a number), so the form never holds the select's raw string.
import { NativeSelect } from '@mantine/core';
import type { NativeSelectProps } from '@mantine/core';
import type { FieldValues, Path } from 'react-hook-form';
import { useBoundField } from './use-bound-field.ts';

type SelectOption = { value: string | number; label: string };

type Props<T extends FieldValues> = {
  name: Path<T>;
  options: readonly SelectOption[];
  /** Runs after the form has the new value, for fields that depend on this one. */
  onValueChange?: (value: SelectOption['value']) => void;
} & Omit<NativeSelectProps, 'name' | 'data' | 'error' | 'value' | 'defaultValue' | 'onChange' | 'onBlur'>;

export function SelectField<T extends FieldValues = FieldValues>({
  name,
  options,
  onValueChange,
  ...props
}: Props<T>) {
  const { ref, field, error } = useBoundField<T>(name);
  return (
    <NativeSelect
      {...props}
      name={field.name}
      ref={ref}
      onBlur={field.onBlur}
      data={options.map((o) => ({ value: String(o.value), label: o.label }))}
      value={String(field.value ?? '')}
      onChange={(event) => {
        const raw = event.currentTarget.value;
        const option = options.find((o) => String(o.value) === raw);
        if (!option) return;
        field.onChange(option.value);
        onValueChange?.(option.value);
      }}
      error={error}
    />
  );
}
