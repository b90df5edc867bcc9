// One fieldset per Harbor whose admin login a watch change needs; a demo Harbor needs none.
import { Fieldset, Stack, Text } from '@mantine/core';

import { PasswordField, TextField } from '@/components/form/text-fields.tsx';
import type { LoginNeed, WatchLoginFormInput } from '@/features/watch-setup/watch-login-form.ts';

const Field = {
  TextField: TextField<WatchLoginFormInput>,
  PasswordField: PasswordField<WatchLoginFormInput>,
};

function sideWord(side: LoginNeed['side']): string {
  return side === 'source' ? 'Source' : 'Target';
}

export function AdminLoginFields({ needs, purpose }: { needs: readonly LoginNeed[]; purpose: string }) {
  return (
    <Stack gap="sm">
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
    </Stack>
  );
}
