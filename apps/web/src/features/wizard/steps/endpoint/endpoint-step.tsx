// Step 6: the other Harbor registered as an endpoint (provider "harbor") on the Harbor that runs the
// rule. The Access Secret never passes through the browser: the server takes it from its vault.
import { createEndpointRequestSchema } from '@hw/wizard-api';
import type { z } from 'zod';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Checkbox, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';

import { ErrorCallout } from '../../../../components/error-callout.tsx';
import { PageLoader } from '../../../../components/page-loader.tsx';
import { ApiRequestError } from '../../../../lib/api-client.ts';
import { StepFooter, StepLayout } from '../../../../components/step-layout.tsx';
import { previousStep, sideLabel, useWizard } from '../../components/wizard-context.tsx';
import { useEndpointDefaults } from './api/get-endpoint-defaults.ts';
import { useSaveEndpoint } from './api/save-endpoint.ts';

type FormInput = z.input<typeof createEndpointRequestSchema>;
type FormOutput = z.output<typeof createEndpointRequestSchema>;
type Defaults = NonNullable<ReturnType<typeof useEndpointDefaults>['data']>;

function EndpointForm({ defaults }: { defaults: Defaults }) {
  const { setup, step, completeStep, goTo } = useWizard();
  const save = useSaveEndpoint(setup.id);
  const reusable = defaults.candidates.filter((c) => c.sameAccount);
  const [choice, setChoice] = useState<string>(
    setup.endpoint?.reused ? String(setup.endpoint.id) : reusable[0] ? String(reusable[0].id) : 'new',
  );
  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(createEndpointRequestSchema),
    mode: 'onChange',
    defaultValues: {
      name: setup.endpoint && !setup.endpoint.reused ? setup.endpoint.name : defaults.name,
      description: 'Created by the Harbor Replication Wizard',
      url: setup.endpoint?.url ?? defaults.url,
      verifyRemoteCert: setup.target?.tlsMode !== 'insecure' && setup.source?.tlsMode !== 'insecure',
      caCertificate: '',
    },
  });
  const verify = useWatch({ control: form.control, name: 'verifyRemoteCert' });
  const errors = form.formState.errors;
  const reuseId = choice === 'new' ? undefined : Number(choice);
  const ruleSide = sideLabel(setup, 'endpoint') ?? 'the rule’s Harbor';
  const back = previousStep(step);

  const submit = (values: FormOutput) =>
    save.mutate(
      { ...values, caCertificate: values.caCertificate ? values.caCertificate : undefined, reuseId },
      { onSuccess: (state) => void completeStep(state) },
    );

  const blockedReason =
    reuseId !== undefined
      ? null
      : (errors.name?.message ?? errors.url?.message ?? errors.caCertificate?.message ?? null);

  return (
    <form noValidate onSubmit={(event) => void form.handleSubmit(submit)(event)}>
      <StepLayout
        title="Endpoint"
        side={ruleSide}
        description="A registry endpoint lets the Harbor that runs the rule log in to the other Harbor with the robot account. The wizard fills in the secret itself."
        busy={save.isPending ? 'Saving the endpoint (Harbor checks that it can log in)…' : null}
      >
        {reusable.length > 0 && (
          <Radio.Group
            label="Existing endpoints"
            description="This Harbor already has an endpoint with the same URL and robot account. Reusing it avoids a duplicate."
            value={choice}
            onChange={setChoice}
          >
            <Stack gap="xs" mt="xs">
              {reusable.map((c) => (
                <Radio key={c.id} value={String(c.id)} label={`Reuse “${c.name}” (${c.url}, ${c.status})`} />
              ))}
              <Radio value="new" label="Create a new endpoint" />
            </Stack>
          </Radio.Group>
        )}
        <Stack gap="md" maw={720}>
          <TextInput
            label="Provider"
            description="Both sides are Harbor registries."
            value="Harbor"
            readOnly
          />
          <TextInput
            label="Name"
            description="Up to 64 characters, unique on this Harbor. Defaults to the other Harbor's host name."
            required
            disabled={reuseId !== undefined}
            error={errors.name?.message}
            {...form.register('name')}
          />
          <TextInput
            label="Description"
            description="Optional."
            disabled={reuseId !== undefined}
            {...form.register('description')}
          />
          <TextInput
            label="Endpoint URL"
            description="How the Harbor running the rule reaches the other Harbor. Change it if that Harbor sees it under another address (internal DNS, proxy)."
            required
            disabled={reuseId !== undefined}
            error={errors.url?.message}
            {...form.register('url')}
          />
          <TextInput
            label="Access ID"
            description="The robot account created in step 3."
            value={defaults.accessKey}
            readOnly
          />
          <TextInput
            label="Access Secret"
            description="Filled in by the wizard server from step 4; it never passes through this page."
            value="Provided by the wizard"
            readOnly
            disabled
          />
          <Controller
            control={form.control}
            name="verifyRemoteCert"
            render={({ field }) => (
              <Checkbox
                label="Verify Remote Cert"
                description="Check the other Harbor's TLS certificate. Turn off only for self-signed test installations."
                checked={field.value ?? true}
                disabled={reuseId !== undefined}
                onChange={(event) => field.onChange(event.currentTarget.checked)}
              />
            )}
          />
          {verify === false && (
            <Alert role="note" color="orange" title="Certificates will not be verified">
              The replication traffic is encrypted but the other side is not authenticated.
            </Alert>
          )}
          {defaults.caCertificateSupported ? (
            <Textarea
              label="CA Certificate"
              description="PEM of a private CA, added to the system CA pool for this endpoint (Harbor 2.15+). Only used when Verify Remote Cert is on."
              autosize
              minRows={3}
              disabled={reuseId !== undefined || verify === false}
              error={errors.caCertificate?.message}
              {...form.register('caCertificate')}
            />
          ) : (
            <Text size="sm" c="dimmed">
              This Harbor version cannot store a CA certificate per endpoint (needs 2.15); a private CA must
              be in its system trust store.
            </Text>
          )}
        </Stack>
        <ErrorCallout
          error={save.error}
          title="Could not save the endpoint"
          actions={
            save.error instanceof ApiRequestError && save.error.body.conflict?.options.includes('rename') ? (
              <Button size="xs" variant="light" onClick={() => form.setFocus('name')}>
                Choose another name
              </Button>
            ) : null
          }
        />
        <StepFooter
          label={reuseId !== undefined ? 'Use endpoint' : 'Create endpoint'}
          blockedReason={blockedReason}
          loading={save.isPending}
          onBack={back ? () => goTo(back) : undefined}
        />
      </StepLayout>
    </form>
  );
}

export function EndpointStep() {
  const { setup } = useWizard();
  const defaults = useEndpointDefaults(setup.id);
  if (defaults.isPending) return <PageLoader label="Loading the endpoint defaults…" />;
  if (defaults.isError)
    return (
      <ErrorCallout
        error={defaults.error}
        title="Could not prepare the endpoint"
        onRetry={() => void defaults.refetch()}
      />
    );
  return <EndpointForm defaults={defaults.data} />;
}
