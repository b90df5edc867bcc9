// Steps 1 and 5: log in to the target (1) or the source (5) Harbor. The server probes the version,
// the account and what the version can do. Once connected, "Connected as … · Change" leads the step
// with the report right under it, and the form folds away until the operator asks to change it.
import { connectRequestSchema, sidesFor } from '@hw/wizard-api';
import type { ConnectionSummary, HarborSide, SetupState } from '@hw/wizard-api';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Divider, Group, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { FormProvider, useForm, useWatch } from 'react-hook-form';
import type { z } from 'zod';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { RadioGroupField } from '@/components/form/radio-group-field.tsx';
import { PasswordField, TextareaField, TextField } from '@/components/form/text-fields.tsx';
import { StepFooter, StepLayout } from '@/components/step-layout.tsx';
import { useSession } from '@/features/wizard/api/get-session.ts';
import { previousStep, useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { useConnect } from '@/features/wizard/steps/connect/api/connect.ts';
import { ConnectionReport } from '@/features/wizard/steps/connect/connection-report.tsx';
import { nextBlockedReason } from '@/features/wizard/utils/next-blocked-reason.ts';

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
  useEffect(() => {
    const subscription = form.watch((_values, { type }) => {
      if (type === 'change') forgetServerError();
    });
    return () => subscription.unsubscribe();
  }, [form, forgetServerError]);

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

/** What this Harbor is for in the chosen mode: the rule's Harbor needs an administrator, the other one not. */
function connectDescription(side: HarborSide, runsRule: boolean): string {
  const role =
    side === 'target'
      ? 'Log in to the Harbor that receives the images.'
      : 'Log in to the Harbor the images come from.';
  return runsRule
    ? `${role} The endpoint and the replication rule live on this Harbor and need a system administrator, so that is checked now rather than at the rule.`
    : `${role} The robot account lives here; the replication rule runs on the ${side === 'target' ? 'source' : 'target'} Harbor. The wizard checks the version and what your account may do.`;
}

export function ConnectStep() {
  const { setup, step, completeStep, goTo } = useWizard();
  const side: HarborSide = step === 'connect-source' ? 'source' : 'target';
  const summary = setup[side];
  const needsAdmin = sidesFor(setup.mode).rule === side;
  const blockedReason = nextBlockedReason([
    [!summary, `Connect to the ${side} Harbor first.`],
    [needsAdmin && !summary?.isSysAdmin, 'This step needs a system administrator account.'],
  ]);
  const back = previousStep(step);

  return (
    <StepLayout
      title={side === 'target' ? 'Connect target' : 'Connect source'}
      side={`${side} Harbor`}
      description={connectDescription(side, needsAdmin)}
    >
      <ConnectForm side={side} />
      <Divider />
      <StepFooter
        blockedReason={blockedReason}
        onBack={back ? () => goTo(back) : undefined}
        onClick={() => void completeStep(setup)}
      />
    </StepLayout>
  );
}
