// The field components bound to one form's values: `const { TextField } = formFields<MyForm>()`
// makes a misspelt field name a type error, as `register('name')` does.
import type { FieldValues } from 'react-hook-form';

import { CheckboxField, SwitchField } from './checkbox-field.tsx';
import { NumberField } from './number-field.tsx';
import { RadioGroupField } from './radio-group-field.tsx';
import { SelectField } from './select-field.tsx';
import { PasswordField, TextareaField, TextField } from './text-fields.tsx';

export function formFields<T extends FieldValues>() {
  return {
    TextField: TextField<T>,
    TextareaField: TextareaField<T>,
    PasswordField: PasswordField<T>,
    CheckboxField: CheckboxField<T>,
    SwitchField: SwitchField<T>,
    SelectField: SelectField<T>,
    NumberField: NumberField<T>,
    RadioGroupField: RadioGroupField<T>,
  };
}
