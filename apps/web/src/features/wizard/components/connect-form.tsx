// Log in to one Harbor: used by the connect steps and by the project step (pull mode logs in to the
// source there). The server probes the version, the account and what the version can do.
import { connectRequestSchema, sidesFor } from '@hw/wizard-api';
import type { HarborSide } from '@hw/wizard-api';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Button,
  Group,
  Loader,
  PasswordInput,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { Controller, useForm, useWatch } from 'react-hook-form';
import type { z } from 'zod';

import { ErrorCallout } from '../../../components/error-callout.tsx';
import { useConnect } from '../api/connect.ts';
import { useSession } from '../api/get-session.ts';
import { ConnectionReport } from './connection-report.tsx';
import { useWizard } from './wizard-context.tsx';

type FormInput = z.input<typeof connectRequestSchema>;
type FormOutput = z.output<typeof connectRequestSchema>;

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
] as const;

function caPemError(errors: unknown): string | undefined {
  if (typeof errors !== 'object' || errors === null || !('caPem' in errors)) return undefined;
  const caPem = (errors as { caPem?: { message?: unknown } }).caPem;
  return typeof caPem?.message === 'string' ? caPem.message : undefined;
}

/** Log in to one Harbor: the demo button, the form and, once connected, the version report. */
export function ConnectForm({ side }: { side: HarborSide }) {
  const { setup } = useWizard();
  const session = useSession();
  const connect = useConnect(setup.id, side);
  const summary = setup[side];
  const needsAdmin = sidesFor(setup.mode).rule === side;

  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(connectRequestSchema),
    mode: 'onTouched',
    defaultValues: {
      url: summary && !summary.demo ? summary.url : '',
      username: summary && !summary.demo ? summary.username : '',
      password: '',
      tls: { mode: 'verify' },
    },
  });
  const tlsMode = useWatch({ control: form.control, name: 'tls.mode' });
  const demoAvailable = session.data?.demo.available ?? false;
  const demoUrl = side === 'source' ? session.data?.demo.sourceUrl : session.data?.demo.targetUrl;
  const onConnected = () => form.resetField('password');

  return (
    <Stack gap="lg">
      {connect.isPending && (
        <Group gap="xs" role="status" aria-live="polite">
          <Loader size="sm" />
          <Text size="sm">{`Connecting to the ${side} Harbor…`}</Text>
        </Group>
      )}
      {demoAvailable && (
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
      <form
        noValidate
        aria-label={`Log in to the ${side} Harbor`}
        onSubmit={(event) =>
          void form.handleSubmit((values) => connect.mutate(values, { onSuccess: onConnected }))(event)
        }
      >
        <Stack gap="md" maw={640}>
          <TextInput
            label="Harbor URL"
            description="The address you open the Harbor portal with, e.g. https://harbor.example.com"
            placeholder="https://harbor.example.com"
            required
            autoComplete="url"
            error={form.formState.errors.url?.message}
            {...form.register('url')}
          />
          <TextInput
            label="Username"
            description={
              needsAdmin
                ? 'A Harbor system administrator: only they may create endpoints and replication rules.'
                : 'An account that may create projects and robot accounts (a system or project administrator).'
            }
            required
            autoComplete="username"
            error={form.formState.errors.username?.message}
            {...form.register('username')}
          />
          <PasswordInput
            label="Password"
            description="Sent once to the wizard server, which keeps it encrypted for this setup only; never stored in the browser."
            required
            autoComplete="current-password"
            error={form.formState.errors.password?.message}
            {...form.register('password')}
          />
          <Controller
            control={form.control}
            name="tls.mode"
            render={({ field }) => (
              <Radio.Group
                label="TLS certificate"
                description="How the wizard server checks the Harbor's HTTPS certificate."
                value={field.value}
                onChange={(value) => field.onChange(value)}
              >
                <Stack gap="xs" mt="xs">
                  {TLS_OPTIONS.map((o) => (
                    <Radio key={o.value} value={o.value} label={o.label} description={o.description} />
                  ))}
                </Stack>
              </Radio.Group>
            )}
          />
          {tlsMode === 'ca' && (
            <Textarea
              label="CA certificate (PEM)"
              description="The certificate of the CA that signed the Harbor's certificate, -----BEGIN CERTIFICATE----- included."
              autosize
              minRows={4}
              required
              error={caPemError(form.formState.errors.tls)}
              {...form.register('tls.caPem')}
            />
          )}
          {tlsMode === 'insecure' && (
            <Alert role="note" color="orange" title="Certificate verification is off">
              The connection is encrypted but not authenticated: anyone able to intercept it could read the
              password. Use this only for test installations.
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
      {summary && <ConnectionReport summary={summary} side={side} needsAdmin={needsAdmin} />}
    </Stack>
  );
}
