// On/off fields bound to the surrounding form by name. Mantine's Checkbox and Switch link their help
// text and error but do not mark the input invalid, so these add aria-invalid.
import { Checkbox, Switch } from '@mantine/core';
import type { CheckboxProps, SwitchProps } from '@mantine/core';
import type { ChangeEvent } from 'react';
import { useController } from 'react-hook-form';
import type { FieldValues, Path } from 'react-hook-form';

type Bound<T extends FieldValues> = {
  name: Path<T>;
  /** Runs after the form has the new value, for fields that depend on this one. */
  onValueChange?: (checked: boolean) => void;
};
type Unbound = 'name' | 'error' | 'checked' | 'defaultChecked' | 'onChange' | 'onBlur' | 'value';

function useToggleField<T extends FieldValues>({ name, onValueChange }: Bound<T>) {
  const { field, fieldState } = useController<T>({ name });
  const error = fieldState.error?.message || undefined;
  return {
    name: field.name,
    ref: field.ref,
    onBlur: field.onBlur,
    checked: field.value === true,
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      const checked = event.currentTarget.checked;
      field.onChange(checked);
      onValueChange?.(checked);
    },
    error,
    'aria-invalid': error ? true : undefined,
  };
}

export function CheckboxField<T extends FieldValues = FieldValues>({
  name,
  onValueChange,
  ...props
}: Bound<T> & Omit<CheckboxProps, Unbound>) {
  return <Checkbox {...props} {...useToggleField<T>({ name, onValueChange })} />;
}

export function SwitchField<T extends FieldValues = FieldValues>({
  name,
  onValueChange,
  ...props
}: Bound<T> & Omit<SwitchProps, Unbound>) {
  return <Switch {...props} {...useToggleField<T>({ name, onValueChange })} />;
}
