// Free-text fields bound to the surrounding form by name: label, help text and the field's error,
// linked to the input with aria-invalid and aria-describedby.
import { PasswordInput, Textarea, TextInput } from '@mantine/core';
import type { PasswordInputProps, TextareaProps, TextInputProps } from '@mantine/core';
import { useFormContext } from 'react-hook-form';
import type { FieldValues, Path } from 'react-hook-form';

import { useFieldError } from './use-field-error.ts';

type Bound<T extends FieldValues> = {
  name: Path<T>;
  /** Also show this path's error, e.g. a rule on the object the field belongs to. */
  fallbackErrorFrom?: Path<T>;
};
type Unbound = 'name' | 'error' | 'value' | 'defaultValue' | 'onChange' | 'onBlur';

function useTextField<T extends FieldValues>({ name, fallbackErrorFrom }: Bound<T>) {
  const { register } = useFormContext<T>();
  const error = useFieldError<T>(name, fallbackErrorFrom);
  // PasswordInput leaves its inner input unmarked; the others already set the same value.
  return { error, 'aria-invalid': error ? true : undefined, ...register(name) };
}

export function TextField<T extends FieldValues = FieldValues>({
  name,
  fallbackErrorFrom,
  ...props
}: Bound<T> & Omit<TextInputProps, Unbound>) {
  return <TextInput {...props} {...useTextField<T>({ name, fallbackErrorFrom })} />;
}

export function TextareaField<T extends FieldValues = FieldValues>({
  name,
  fallbackErrorFrom,
  ...props
}: Bound<T> & Omit<TextareaProps, Unbound>) {
  return <Textarea {...props} {...useTextField<T>({ name, fallbackErrorFrom })} />;
}

export function PasswordField<T extends FieldValues = FieldValues>({
  name,
  fallbackErrorFrom,
  ...props
}: Bound<T> & Omit<PasswordInputProps, Unbound>) {
  return <PasswordInput {...props} {...useTextField<T>({ name, fallbackErrorFrom })} />;
}
