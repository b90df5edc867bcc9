// One admin login per Harbor for a change the read-only watch robot may not make (creating or
// deleting watch robots); a demo Harbor needs none. Sent once, and the typed passwords are blanked
// whatever the outcome.
import type { AdminLogins } from '@hw/wizard-api';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Fieldset, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { FormProvider, useForm } from 'react-hook-form';

import { PasswordField, TextField } from '@/components/form/text-fields.tsx';
import { toAdminLogins, watchLoginFormSchema } from '@/features/watch-setup/watch-login-form.ts';
import type {
  LoginNeed,
  WatchLoginFormInput,
  WatchLoginFormOutput,
} from '@/features/watch-setup/watch-login-form.ts';

const Field = {
  TextField: TextField<WatchLoginFormInput>,
  PasswordField: PasswordField<WatchLoginFormInput>,
};

type Props = {
  needs: readonly LoginNeed[];
  /** What the login is for, e.g. "to create the read-only watch robot". */
  purpose: string;
  label: string;
  submitLabel: string;
  pending: boolean;
  /** Resolves or rejects once the server answered; its error is shown by the caller (`children`). */
  onSubmit: (logins: AdminLogins) => Promise<unknown>;
  /** Shows a "Cancel" button next to the submit button. */
  onCancel?: () => void;
  children?: ReactNode;
};

function sideWord(side: LoginNeed['side']): string {
  return side === 'source' ? 'Source' : 'Target';
}

export function AdminLoginForm({
  needs,
  purpose,
  label,
  submitLabel,
  pending,
  onSubmit,
  onCancel,
  children,
}: Props) {
  const form = useForm<WatchLoginFormInput, unknown, WatchLoginFormOutput>({
    resolver: zodResolver(watchLoginFormSchema),
    shouldUnregister: true,
    defaultValues: Object.fromEntries(
      needs.filter((n) => !n.demo).map((n) => [n.side, { username: n.username, password: '' }]),
    ),
  });

  const submit = form.handleSubmit(async (values) => {
    try {
      await onSubmit(toAdminLogins(needs, values));
    } catch {
      // The caller shows the error next to the form.
    } finally {
      for (const need of needs) if (!need.demo) form.setValue(`${need.side}.password`, '');
    }
  });

  return (
    <FormProvider {...form}>
      <form
        noValidate
        aria-label={label}
        onSubmit={(event) => {
          // The dialog is portalled out of the page, but React still bubbles its submit to any form
          // around the button that opened it (the start page is one).
          event.stopPropagation();
          void submit(event);
        }}
      >
        <Stack gap="md">
          {needs.map((need) => (
            <Fieldset key={need.side} legend={`${sideWord(need.side)} Harbor: ${need.url}`}>
              {need.demo ? (
                <Text size="sm">Demo Harbor run by this server: no login needed.</Text>
              ) : (
                <Stack gap="xs">
                  <Field.TextField
                    name={`${need.side}.username`}
                    label="User name"
                    description={`A Harbor administrator of ${need.url}, ${purpose}.`}
                    autoComplete="username"
                    required
                  />
                  <Field.PasswordField
                    name={`${need.side}.password`}
                    label="Password"
                    description="Used for this one request and never stored; the form forgets it afterwards."
                    autoComplete="current-password"
                    required
                  />
                </Stack>
              )}
            </Fieldset>
          ))}
          {children}
          <Group>
            <Button type="submit" loading={pending}>
              {submitLabel}
            </Button>
            {onCancel && (
              <Button variant="default" onClick={onCancel}>
                Cancel
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </FormProvider>
  );
}
