import { zodResolver } from '@hookform/resolvers/zod';
import { MantineProvider } from '@mantine/core';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

import { CheckboxField, SwitchField } from '@/components/form/checkbox-field.tsx';
import { NumberField } from '@/components/form/number-field.tsx';
import { RadioGroupField } from '@/components/form/radio-group-field.tsx';
import { SelectField } from '@/components/form/select-field.tsx';
import { PasswordField, TextareaField, TextField } from '@/components/form/text-fields.tsx';

const schema = z
  .object({
    name: z.string().regex(/^[a-z]+$/, 'Lowercase letters only'),
    note: z.string().max(5, 'At most 5 characters'),
    password: z.string().min(3, 'At least 3 characters'),
    agree: z.boolean().refine((v) => v, 'Tick the box to go on'),
    advanced: z.boolean(),
    level: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    days: z.number().int().min(1, 'Enter at least 1 day').optional(),
    expiry: z.enum(['never', 'days']),
    filters: z.object({ tag: z.string() }),
  })
  .superRefine((v, ctx) => {
    if (v.filters.tag === 'none')
      ctx.addIssue({ code: 'custom', path: ['filters'], message: 'Filters match nothing' });
    if (v.expiry === 'days' && v.days === undefined)
      ctx.addIssue({ code: 'custom', path: ['days'], message: 'Enter the number of days' });
    if (v.advanced && v.level === 0)
      ctx.addIssue({ code: 'custom', path: ['level'], message: 'Pick a level for advanced mode' });
  });
type Values = z.input<typeof schema>;
// The shared field components bound to this form's values: a misspelt field name fails to compile.
const Field = {
  TextField: TextField<Values>,
  TextareaField: TextareaField<Values>,
  PasswordField: PasswordField<Values>,
  CheckboxField: CheckboxField<Values>,
  SwitchField: SwitchField<Values>,
  SelectField: SelectField<Values>,
  NumberField: NumberField<Values>,
  RadioGroupField: RadioGroupField<Values>,
};

const defaults: Values = {
  name: 'ok',
  note: '',
  password: 'secret',
  agree: true,
  advanced: false,
  level: 1,
  days: 5,
  expiry: 'never',
  filters: { tag: '' },
};

function renderForm(children: ReactNode) {
  const submitted: z.output<typeof schema>[] = [];
  function Harness() {
    const form = useForm<Values, unknown, z.output<typeof schema>>({
      resolver: zodResolver(schema),
      mode: 'onChange',
      defaultValues: defaults,
    });
    return (
      <MantineProvider env="test">
        <FormProvider {...form}>
          <form noValidate onSubmit={(event) => void form.handleSubmit((v) => submitted.push(v))(event)}>
            {children}
            <button type="submit">Save</button>
          </form>
        </FormProvider>
      </MantineProvider>
    );
  }
  const user = userEvent.setup();
  render(<Harness />);
  const save = async () => {
    const before = submitted.length;
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(submitted.length).toBe(before + 1));
    return submitted.at(-1);
  };
  return { user, save };
}

/** The error is on screen, marks the control invalid and is read out with it. */
function expectError(control: HTMLElement, message: string) {
  expect(control).toHaveAttribute('aria-invalid', 'true');
  const described = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  expect(described.map((id) => document.getElementById(id)?.textContent)).toContain(message);
}

describe('text fields', () => {
  it('shows the label and help text, and the schema error linked to the input', async () => {
    const { user, save } = renderForm(
      <Field.TextField name="name" label="Robot name" description="Harbor adds the prefix." />,
    );
    const input = screen.getByRole('textbox', { name: 'Robot name' });
    expect(input).toHaveAccessibleDescription('Harbor adds the prefix.');
    expect(input).not.toHaveAttribute('aria-invalid');
    await user.clear(input);
    await user.type(input, 'Bad+Name');
    await waitFor(() => expectError(input, 'Lowercase letters only'));
    await user.clear(input);
    await user.type(input, 'good');
    await waitFor(() => expect(input).not.toHaveAttribute('aria-invalid'));
    expect(await save()).toMatchObject({ name: 'good' });
  });

  it("shows the enclosing object's rule on the field when the field itself is fine", async () => {
    const { user } = renderForm(
      <Field.TextField name="filters.tag" fallbackErrorFrom="filters" label="Tag filter" />,
    );
    const input = screen.getByRole('textbox', { name: 'Tag filter' });
    await user.type(input, 'none');
    // A rule on an object is reported when the whole form is checked, i.e. on submit.
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expectError(input, 'Filters match nothing'));
  });

  it('binds a textarea and a password input the same way', async () => {
    const { user, save } = renderForm(
      <>
        <Field.TextareaField name="note" label="Note" description="Optional." />
        <Field.PasswordField name="password" label="Password" description="Never stored in the browser." />
      </>,
    );
    const note = screen.getByRole('textbox', { name: 'Note' });
    const password = screen.getByLabelText('Password');
    expect(note).toHaveAccessibleDescription('Optional.');
    expect(password).toHaveAccessibleDescription('Never stored in the browser.');
    await user.type(note, 'too long');
    await waitFor(() => expectError(note, 'At most 5 characters'));
    await user.clear(password);
    await user.type(password, 'ab');
    await waitFor(() => expectError(password, 'At least 3 characters'));
    await user.clear(note);
    await user.type(password, 'c');
    expect(await save()).toMatchObject({ note: '', password: 'abc' });
  });
});

describe('checkbox and switch fields', () => {
  it('holds a boolean, runs the follow-up, and marks an error that Mantine leaves unmarked', async () => {
    const followUp = vi.fn();
    const { user, save } = renderForm(
      <>
        <Field.CheckboxField
          name="agree"
          label="I have stored the secret"
          description="After this the secret is gone."
          onValueChange={followUp}
        />
        <Field.SwitchField
          name="advanced"
          label="Edit permissions (advanced)"
          description="Replace the preset."
        />
      </>,
    );
    const agree = screen.getByRole('checkbox', { name: 'I have stored the secret' });
    expect(agree).toBeChecked();
    expect(agree).toHaveAccessibleDescription('After this the secret is gone.');
    await user.click(agree);
    expect(followUp).toHaveBeenLastCalledWith(false);
    await waitFor(() => expectError(agree, 'Tick the box to go on'));
    await user.click(agree);
    await waitFor(() => expect(agree).not.toHaveAttribute('aria-invalid'));
    const advanced = screen.getByRole('switch', { name: /^Edit permissions \(advanced\)/ });
    expect(advanced).toHaveAccessibleDescription('Replace the preset.');
    await user.click(advanced);
    expect(await save()).toMatchObject({ agree: true, advanced: true });
  });
});

describe('select field', () => {
  it("stores the option's own value (a number here), not the select's string", async () => {
    const followUp = vi.fn();
    const { user, save } = renderForm(
      <>
        <Field.SwitchField name="advanced" label="Advanced" />
        <Field.SelectField
          name="level"
          label="Flattening"
          description="Levels dropped from the source path."
          options={[
            { value: 0, label: 'No Flatting' },
            { value: 1, label: 'Flatten 1 Level' },
            { value: 2, label: 'Flatten 2 Levels' },
          ]}
          onValueChange={followUp}
        />
      </>,
    );
    const select = screen.getByRole('combobox', { name: 'Flattening' });
    expect(select).toHaveAccessibleDescription('Levels dropped from the source path.');
    expect(select).toHaveDisplayValue('Flatten 1 Level');
    await user.selectOptions(select, 'Flatten 2 Levels');
    expect(followUp).toHaveBeenLastCalledWith(2);
    expect(await save()).toMatchObject({ level: 2 });
    await user.click(screen.getByRole('switch', { name: /^Advanced/ }));
    await user.selectOptions(select, 'No Flatting');
    await waitFor(() => expectError(select, 'Pick a level for advanced mode'));
  });
});

describe('number and radio fields', () => {
  it('keeps an emptied number as missing for the schema to name, and switches radio options', async () => {
    const { user, save } = renderForm(
      <>
        <Field.RadioGroupField
          name="expiry"
          label="Expiration"
          options={[
            { value: 'never', label: 'Never' },
            { value: 'days', label: 'Specify # of days' },
          ]}
          layout="row"
        />
        <Field.NumberField name="days" label="Expiration (days)" description="Whole days, 1 or more." />
      </>,
    );
    expect(screen.getByRole('radio', { name: 'Never' })).toBeChecked();
    await user.click(screen.getByRole('radio', { name: 'Specify # of days' }));
    expect(screen.getByRole('radio', { name: 'Specify # of days' })).toBeChecked();
    const days = screen.getByRole('textbox', { name: 'Expiration (days)' });
    expect(days).toHaveAccessibleDescription('Whole days, 1 or more.');
    await user.clear(days);
    await waitFor(() => expectError(days, 'Enter the number of days'));
    await user.type(days, '30');
    await waitFor(() => expect(days).not.toHaveAttribute('aria-invalid'));
    expect(await save()).toMatchObject({ expiry: 'days', days: 30 });
  });
});
