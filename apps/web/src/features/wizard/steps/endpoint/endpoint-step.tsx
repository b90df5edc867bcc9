// Step 6: the other Harbor registered as an endpoint (provider "harbor") on the Harbor that runs the
// rule. The Access Secret never passes through the browser: the server takes it from its vault.
import { createEndpointRequestSchema } from '@hw/wizard-api';
import type { z } from 'zod';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { FormProvider, useForm, useWatch } from 'react-hook-form';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { CheckboxField } from '@/components/form/checkbox-field.tsx';
import { TextareaField, TextField } from '@/components/form/text-fields.tsx';
import { PageLoader } from '@/components/page-loader.tsx';
import { CheckList } from '@/features/wizard/components/check-list.tsx';
import { StepFooter, StepLayout } from '@/components/step-layout.tsx';
import { useGoBack, sideLabel, useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { useEndpointDefaults } from '@/features/wizard/steps/endpoint/api/get-endpoint-defaults.ts';
import { useSaveEndpoint } from '@/features/wizard/steps/endpoint/api/save-endpoint.ts';
import { fieldErrorRows, nextBlockedReason } from '@/features/wizard/utils/next-blocked-reason.ts';
import { ApiRequestError } from '@/lib/api-error.ts';

type FormInput = z.input<typeof createEndpointRequestSchema>;
type FormOutput = z.output<typeof createEndpointRequestSchema>;
// The shared field components bound to this form's values: a misspelt field name fails to compile.
const Field = {
  TextField: TextField<FormInput>,
  TextareaField: TextareaField<FormInput>,
  CheckboxField: CheckboxField<FormInput>,
};
type Defaults = NonNullable<ReturnType<typeof useEndpointDefaults>['data']>;

function EndpointForm({ defaults }: { defaults: Defaults }) {
  const { setup, completeStep } = useWizard();
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
  const reuseId = choice === 'new' ? undefined : Number(choice);
  const ruleSide = sideLabel(setup, 'endpoint') ?? 'the rule’s Harbor';
  const goBack = useGoBack();
  // Harbor could not reach the URL: the server's own checks of it, shown right here.
  const diagnosis = save.error instanceof ApiRequestError ? (save.error.body.diagnosis ?? []) : [];

  const submit = (values: FormOutput) =>
    save.mutate(
      { ...values, caCertificate: values.caCertificate ? values.caCertificate : undefined, reuseId },
      { onSuccess: (state) => void completeStep(state) },
    );

  const blockedReason = nextBlockedReason([
    // A reused endpoint keeps its own settings: this form's fields do not matter.
    [reuseId !== undefined, null],
    ...fieldErrorRows(form.formState.errors, ['name', 'url', 'caCertificate']),
  ]);

  return (
    <FormProvider {...form}>
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
                  <Radio
                    key={c.id}
                    value={String(c.id)}
                    label={`Reuse “${c.name}” (${c.url}, ${c.status})`}
                  />
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
            <Field.TextField
              name="name"
              label="Name"
              description="Up to 64 characters, unique on this Harbor. Defaults to the other Harbor's host name."
              required
              disabled={reuseId !== undefined}
            />
            <Field.TextField
              name="description"
              label="Description"
              description="Optional."
              disabled={reuseId !== undefined}
            />
            <Field.TextField
              name="url"
              label="Endpoint URL"
              description="How the Harbor running the rule reaches the other Harbor. Change it if that Harbor sees it under another address (internal DNS, proxy)."
              required
              disabled={reuseId !== undefined}
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
            <Field.CheckboxField
              name="verifyRemoteCert"
              label="Verify Remote Cert"
              description="Check the other Harbor's TLS certificate. Turn off only for self-signed test installations."
              disabled={reuseId !== undefined}
            />
            {verify === false && (
              <Alert role="note" color="orange" title="Certificates will not be verified">
                The replication traffic is encrypted but the other side is not authenticated.
              </Alert>
            )}
            {defaults.caCertificateSupported ? (
              <Field.TextareaField
                name="caCertificate"
                label="CA Certificate"
                description="PEM of a private CA, added to the system CA pool for this endpoint (Harbor 2.15+). Only used when Verify Remote Cert is on."
                autosize
                minRows={3}
                disabled={reuseId !== undefined || verify === false}
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
              save.error instanceof ApiRequestError &&
              save.error.body.conflict?.options.includes('rename') ? (
                <Button size="xs" variant="light" onClick={() => form.setFocus('name')}>
                  Choose another name
                </Button>
              ) : null
            }
          />
          {diagnosis.length > 0 && (
            <Stack gap="xs" component="section" aria-label="Diagnosis of the endpoint URL">
              <Text size="sm">
                The wizard checked the URL itself, layer by layer, from the wizard&apos;s server. Only
                Harbor&apos;s own test proves that the {setup.mode === 'push' ? 'source' : 'target'} Harbor
                itself reaches it; if every check below passes, that Harbor sees the network differently.
              </Text>
              <CheckList checks={diagnosis} />
            </Stack>
          )}
          <StepFooter
            label={reuseId !== undefined ? 'Use endpoint' : 'Create endpoint'}
            blockedReason={blockedReason}
            loading={save.isPending}
            onBack={goBack}
          />
        </StepLayout>
      </form>
    </FormProvider>
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
