// Adds a webhook target. The URL often carries a token, so the server keeps it sealed and this page
// only ever shows it masked afterwards.
import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Group, Stack, Title } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { SelectField } from '@/components/form/select-field.tsx';
import { TextField } from '@/components/form/text-fields.tsx';
import { useAddAlertTarget } from '@/features/alerts/api/alert-targets.ts';
import {
  alertTargetFormErrors,
  alertTargetFormSchema,
  emptyAlertTarget,
} from '@/features/alerts/alert-target-form.ts';
import type { AlertTargetFormInput, AlertTargetFormOutput } from '@/features/alerts/alert-target-form.ts';
import { FORMAT_OPTIONS } from '@/features/alerts/alert-words.ts';

const Field = {
  TextField: TextField<AlertTargetFormInput>,
  SelectField: SelectField<AlertTargetFormInput>,
};

export function AlertTargetForm() {
  const add = useAddAlertTarget();
  const form = useForm<AlertTargetFormInput, unknown, AlertTargetFormOutput>({
    resolver: zodResolver(alertTargetFormSchema, alertTargetFormErrors),
    defaultValues: emptyAlertTarget,
  });
  const submit = form.handleSubmit((values) =>
    add.mutate(values, { onSuccess: () => form.reset(emptyAlertTarget) }),
  );
  return (
    <FormProvider {...form}>
      <form noValidate aria-labelledby="add-target-title" onSubmit={(event) => void submit(event)}>
        <Stack gap="sm">
          <Title order={2} size="h4" id="add-target-title">
            Add a webhook target
          </Title>
          <Field.TextField
            name="name"
            label="Name"
            description="How alerts and the history name this target, e.g. “Ops on-call”."
            required
          />
          <Field.SelectField
            name="format"
            label="Format"
            description="Generic JSON suits any receiver (Alertmanager-like tools, scripts); Slack posts a message to a Slack-compatible incoming webhook."
            options={FORMAT_OPTIONS}
          />
          <Field.TextField
            name="url"
            label="Webhook URL"
            description="Where the server POSTs each alert. Stored encrypted; shown afterwards as scheme, host and port only, since the path often holds a token."
            type="url"
            autoComplete="off"
            required
          />
          <ErrorCallout error={add.error} title="Could not add the target" />
          <Group>
            <Button type="submit" loading={add.isPending}>
              Add target
            </Button>
          </Group>
        </Stack>
      </form>
    </FormProvider>
  );
}
