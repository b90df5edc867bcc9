// Log in to one Harbor: used by the connect steps and by the project step (pull mode logs in to the
// source there). The server probes the version, the account and what the version can do. Once
// connected, "Connected as … · Change" leads with the report right under it, and the form folds away
// until the operator asks to change it.
import { connectRequestSchema, sidesFor } from '@hw/wizard-api';
import type { ConnectionSummary, HarborSide, SetupState } from '@hw/wizard-api';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { FormProvider, useForm, useWatch } from 'react-hook-form';
import type { z } from 'zod';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { RadioGroupField } from '@/components/form/radio-group-field.tsx';
import { PasswordField, TextareaField, TextField } from '@/components/form/text-fields.tsx';
import { useConnect } from '@/features/wizard/api/connect.ts';
import { useSession } from '@/features/wizard/api/get-session.ts';
import { ConnectionReport } from '@/features/wizard/components/connection-report.tsx';
import { useWizard } from '@/features/wizard/components/wizard-context.tsx';

type FormInput = z.input<typeof connectRequestSchema>;
type FormOutput = z.output<typeof connectRequestSchema>;
// The shared field components bound to this form's values: a misspelt field name fails to compile.
const Field = {
  TextField: TextField<FormInput>,
  TextareaField: TextareaField<FormInput>,
  PasswordField: PasswordField<FormInput>,
  RadioGroupField: RadioGroupField<FormInput>,
};

const TLS_OPTIONS = [
  {
    value: 'verify',
    label: 'Verify the certificate (recommended)',
    description: 'The Harbor has a certificate from a CA this server trusts.',
  },
  {
    value: 'ca',
    label: 'Verify with my CA certificate',
    description: 'The Harbor uses a private CA: paste its certificate (PEM).',
  },
  {
    value: 'insecure',
    label: 'Skip verification (insecure)',
    description: 'Only for tests: anyone between this server and Harbor could read the password.',
  },
];

/** The form's values for a connection: what it is connected with, never the password. */
function loginValues(summary: ConnectionSummary | null): FormInput {
  return {
    url: summary?.url ?? '',
    username: summary?.username ?? '',
    password: '',
    tls: summary?.tlsMode === 'insecure' ? { mode: 'insecure' } : { mode: 'verify' },
  };
}

function ConnectedLine({
  summary,
  changing,
  onToggle,
}: {
  summary: ConnectionSummary;
  changing: boolean;
  /** Absent while the form must stay open. */
  onToggle?: () => void;
}) {
  return (
    <Group gap="xs" role="status" aria-label="Connection">
      <Text size="sm">
        Connected as <strong>{summary.username}</strong> @ {summary.url}, Harbor {summary.version}
      </Text>
      {onToggle && (
        <>
          <Text size="sm" c="dimmed" aria-hidden>
            ·
          </Text>
          <Button variant="subtle" size="compact-sm" onClick={onToggle}>
            {changing ? 'Keep this connection' : 'Change'}
          </Button>
        </>
      )}
    </Group>
  );
}

/** Log in to one Harbor: the demo button and the form, or once connected, who is connected and the report. */
export function ConnectForm({ side }: { side: HarborSide }) {
  const { setup } = useWizard();
  const session = useSession();
  const connect = useConnect(setup.id, side);
  const summary = setup[side];
  const needsAdmin = sidesFor(setup.mode).rule === side;
  const [changing, setChanging] = useState(false);
  // A connection that cannot go on (not an administrator where one is needed) keeps the form open.
  const mustChange = summary !== null && needsAdmin && !summary.isSysAdmin;
  const showForm = !summary || changing || mustChange;

  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(connectRequestSchema),
    mode: 'onTouched',
    defaultValues: loginValues(summary),
  });
  const tlsMode = useWatch({ control: form.control, name: 'tls.mode' });
  const demoAvailable = session.data?.demo.available ?? false;
  const demoUrl = side === 'source' ? session.data?.demo.sourceUrl : session.data?.demo.targetUrl;
  // The fields show what is connected (the demo too), and no error from before the connection stays.
  const onConnected = (state: SetupState) => {
    form.reset(loginValues(state[side]));
    setChanging(false);
  };
  const { reset: forgetServerError } = connect;
  // Editing a field makes the last server error stale: it described the values before the edit.
  const { subscribe } = form;
  useEffect(
    () =>
      subscribe({
        formState: { values: true },
        callback: ({ type }) => {
          if (type === 'change') forgetServerError();
        },
      }),
    [subscribe, forgetServerError],
  );

  return (
    <Stack gap="lg">
      {summary && (
        <ConnectedLine
          summary={summary}
          changing={changing}
          onToggle={mustChange ? undefined : () => setChanging((open) => !open)}
        />
      )}
      {connect.isPending && (
        <Group gap="xs" role="status" aria-live="polite">
          <Loader size="sm" />
          <Text size="sm">{`Connecting to the ${side} Harbor…`}</Text>
        </Group>
      )}
      {showForm && demoAvailable && (
        <Alert role="note" color="blue" title={`Demo ${side} Harbor`}>
          <Group justify="space-between">
            <Text size="sm">
              The server runs a demo Harbor{demoUrl ? ` at ${demoUrl}` : ''}; no password needed.
            </Text>
            <Button
              variant="filled"
              loading={connect.isPending && connect.variables && 'demo' in connect.variables}
              onClick={() => connect.mutate({ demo: true }, { onSuccess: onConnected })}
            >
              {`Use demo ${side}`}
            </Button>
          </Group>
        </Alert>
      )}
      {showForm && (
        <FormProvider {...form}>
          <form
            noValidate
            aria-label={`Log in to the ${side} Harbor`}
            onSubmit={(event) =>
              void form.handleSubmit(
                (values) => connect.mutate(values, { onSuccess: onConnected }),
                () => connect.reset(),
              )(event)
            }
          >
            <Stack gap="md" maw={640}>
              <Field.TextField
                name="url"
                label="Harbor URL"
                description="The address you open the Harbor portal with, e.g. https://harbor.example.com"
                placeholder="https://harbor.example.com"
                required
                autoComplete="url"
              />
              <Field.TextField
                name="username"
                label="Username"
                description={
                  needsAdmin
                    ? 'A Harbor system administrator: only they may create endpoints and replication rules.'
                    : 'An account that may create projects and robot accounts (a system or project administrator).'
                }
                required
                autoComplete="username"
              />
              <Field.PasswordField
                name="password"
                label="Password"
                description="Sent once to the wizard server, which keeps it encrypted for this setup only; never stored in the browser."
                required
                autoComplete="current-password"
              />
              <Field.RadioGroupField
                name="tls.mode"
                label="TLS certificate"
                description="How the wizard server checks the Harbor's HTTPS certificate."
                options={TLS_OPTIONS}
              />
              {tlsMode === 'ca' && (
                <Field.TextareaField
                  name="tls.caPem"
                  label="CA certificate (PEM)"
                  description="The certificate of the CA that signed the Harbor's certificate, -----BEGIN CERTIFICATE----- included."
                  autosize
                  minRows={4}
                  required
                />
              )}
              {tlsMode === 'insecure' && (
                <Alert role="note" color="orange" title="Certificate verification is off">
                  The connection is encrypted but not authenticated: anyone able to intercept it could read
                  the password. Use this only for test installations.
                </Alert>
              )}
              <ErrorCallout error={connect.error} title={`Could not connect to the ${side} Harbor`} />
              <Group>
                <Button
                  type="submit"
                  variant={summary ? 'default' : 'filled'}
                  loading={connect.isPending && !(connect.variables && 'demo' in connect.variables)}
                >
                  {summary ? 'Connect again' : 'Connect'}
                </Button>
              </Group>
            </Stack>
          </form>
        </FormProvider>
      )}
      {summary && <ConnectionReport summary={summary} side={side} needsAdmin={needsAdmin} />}
    </Stack>
  );
}
