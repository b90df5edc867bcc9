// Step 3: the robot account the rule's Harbor logs in with, on the other Harbor, with a
// least-privilege replication preset. Its one-time secret goes straight to step 4.
import { checkRobotPermissions, explainRobotPermissions, robotFullName } from '@hw/harbor-client';
import { createRobotRequestSchema } from '@hw/wizard-api';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  NumberInput,
  Radio,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';

import { ErrorCallout } from '../../../../components/error-callout.tsx';
import { StepFooter, StepLayout } from '../../../../components/step-layout.tsx';
import { ApiRequestError } from '../../../../lib/api-client.ts';
import { setupQueryOptions } from '../../api/get-setup.ts';
import { previousStep, sideLabel, useWizard } from '../../components/wizard-context.tsx';
import { useRobotCheck } from './api/check-robot.ts';
import { useCreateRobot } from './api/create-robot.ts';
import type { CreateRobotInput } from './api/create-robot.ts';
import { PermissionsEditor } from './permissions-editor.tsx';

const request = createRobotRequestSchema.shape;
const robotFormSchema = z
  .object({
    name: request.name,
    description: request.description,
    expiry: z.enum(['never', 'days']),
    days: z
      .number()
      .int()
      .min(1, 'Enter at least 1 day')
      .max(36_500, 'At most 36500 days (100 years)')
      .optional(),
    deletion: z.boolean(),
    customize: z.boolean(),
    access: z.array(z.object({ resource: z.string(), action: z.string() })),
  })
  .superRefine((values, ctx) => {
    if (values.expiry === 'days' && values.days === undefined)
      ctx.addIssue({ code: 'custom', path: ['days'], message: 'Enter the number of days, or choose Never.' });
    if (values.customize) {
      const check = checkRobotPermissions([{ kind: 'project', namespace: 'project', access: values.access }]);
      if (!check.ok) ctx.addIssue({ code: 'custom', path: ['access'], message: check.message });
    }
  });
type FormInput = z.input<typeof robotFormSchema>;
type FormOutput = z.output<typeof robotFormSchema>;

function expiryDate(days: number | undefined): string | null {
  if (!days || days < 1) return null;
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString(undefined, { dateStyle: 'long' });
}

export function RobotStep() {
  const { setup, step, completeStep, goTo, setRobotHandOff } = useWizard();
  const queryClient = useQueryClient();
  const create = useCreateRobot(setup.id);
  const [conflict, setConflict] = useState<ApiRequestError | null>(null);
  const [followUpError, setFollowUpError] = useState<unknown>(null);
  const project = (setup.mode === 'push' ? setup.project?.name : setup.project?.sourceProject) ?? '';
  const existingShortName = setup.robot?.name.split('+').slice(1).join('+');

  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(robotFormSchema),
    mode: 'onChange',
    defaultValues: {
      name: existingShortName ?? 'replicator',
      description: setup.robot?.description ?? `Replication from ${setup.source?.url ?? 'the source Harbor'}`,
      expiry: 'never',
      days: 90,
      deletion: false,
      customize: false,
      access: explainRobotPermissions({ mode: setup.mode, project, deletion: false }).map(
        ({ resource, action }) => ({ resource, action }),
      ),
    },
  });
  const values = useWatch({ control: form.control });
  const name = (values.name ?? '').trim();
  const deletion = values.deletion ?? false;
  const preset = explainRobotPermissions({ mode: setup.mode, project, deletion });
  const [debouncedName] = useDebouncedValue(name, 300);
  const check = useRobotCheck(setup.id, debouncedName);
  const errors = form.formState.errors;
  const nameValid = !errors.name && request.name.safeParse(name).success;
  const fullName = robotFullName(project, name || '<name>');
  const alreadyMine = setup.robot?.name === robotFullName(project, name);
  const taken = debouncedName === name && check.data?.exists === true && !alreadyMine;

  const submit = (formValues: FormOutput, onConflict: 'fail' | 'reuse') => {
    setConflict(null);
    const input: CreateRobotInput = {
      name: formValues.name,
      description: formValues.description,
      duration: formValues.expiry === 'never' ? -1 : (formValues.days ?? 1),
      deletion: formValues.deletion,
      access: formValues.customize ? formValues.access : undefined,
      onConflict,
    };
    create.mutate(input, {
      onSuccess: (created) => {
        setRobotHandOff(created);
        queryClient
          .fetchQuery({ ...setupQueryOptions(setup.id), staleTime: 0 })
          .then(completeStep)
          .catch(setFollowUpError);
      },
      onError: (error) => {
        if (error instanceof ApiRequestError && error.isConflict) setConflict(error);
      },
    });
  };

  const blockedReason = !name
    ? 'Enter a robot name.'
    : !nameValid
      ? (errors.name?.message ?? 'The robot name is not valid.')
      : errors.days?.message
        ? errors.days.message
        : errors.access?.message
          ? errors.access.message
          : null;
  const back = previousStep(step);

  return (
    <form noValidate onSubmit={(event) => void form.handleSubmit((v) => submit(v, 'fail'))(event)}>
      <StepLayout
        title="Robot account"
        side={sideLabel(setup, 'robot')}
        description={`A project robot account in “${project}” that the ${setup.mode === 'push' ? 'source' : 'target'} Harbor uses to ${setup.mode === 'push' ? 'push images into the target' : 'pull images from the source'}. It gets only the permissions replication needs.`}
        busy={create.isPending ? 'Creating the robot account…' : null}
      >
        {setup.robot && (
          <Alert role="note" color="blue" title="A robot account already exists in this setup">
            <Text size="sm">
              <Code>{setup.robot.name}</Code>
              {setup.robot.handedOff
                ? ' — its secret was handed off. Create it again only if you need a new secret.'
                : ' — creating it again with the same name shows its secret once more.'}
            </Text>
          </Alert>
        )}
        <Stack gap="md" maw={720}>
          <TextInput
            label="Robot name"
            description="Lowercase letters, digits and . _ - between them (Harbor's rule). Harbor adds the prefix and project."
            required
            error={errors.name?.message}
            {...form.register('name')}
          />
          {taken && (
            <Text size="sm" c="orange">
              Robot Account already exists. Creating it will offer to reuse it (with a new secret) or to pick
              another name.
            </Text>
          )}
          <Text size="sm" role="status">
            Full name on Harbor: <Code>{fullName}</Code>
            {nameValid && debouncedName === name && check.isFetching && ' — checking…'}
            {nameValid && debouncedName === name && check.data && !check.data.exists && ' — available'}
          </Text>
          {check.isError && (
            <ErrorCallout
              error={check.error}
              title="The uniqueness check failed"
              onRetry={() => void check.refetch()}
            />
          )}
          <TextInput
            label="Description"
            description="Shown in Harbor's robot account list."
            {...form.register('description')}
          />
          <Controller
            control={form.control}
            name="expiry"
            render={({ field }) => (
              <Radio.Group
                label="Expiration"
                description="When the robot's secret stops working; the replication then fails until it is refreshed."
                value={field.value}
                onChange={(v) => field.onChange(v === 'days' ? 'days' : 'never')}
              >
                <Group mt="xs">
                  <Radio value="never" label="Never" />
                  <Radio value="days" label="Specify # of days" />
                </Group>
              </Radio.Group>
            )}
          />
          {values.expiry === 'days' && (
            <Controller
              control={form.control}
              name="days"
              render={({ field }) => (
                <NumberInput
                  label="Expiration (days)"
                  description={
                    expiryDate(field.value)
                      ? `Expires on ${expiryDate(field.value)}.`
                      : 'Whole days, 1 or more.'
                  }
                  min={1}
                  max={36_500}
                  allowDecimal={false}
                  value={field.value ?? ''}
                  onChange={(v) => field.onChange(typeof v === 'number' ? v : undefined)}
                  error={errors.days?.message}
                />
              )}
            />
          )}
          {setup.mode === 'push' && (
            <Controller
              control={form.control}
              name="deletion"
              render={({ field }) => (
                <Checkbox
                  label="Allow replicating deletions"
                  description="Adds repository delete and tag delete, needed only if the rule will be event-based with “Delete remote resources when locally deleted”."
                  checked={field.value}
                  onChange={(event) => {
                    field.onChange(event.currentTarget.checked);
                    if (!values.customize)
                      form.setValue(
                        'access',
                        explainRobotPermissions({
                          mode: setup.mode,
                          project,
                          deletion: event.currentTarget.checked,
                        }).map(({ resource, action }) => ({ resource, action })),
                      );
                  }}
                />
              )}
            />
          )}
          <div>
            <Text size="sm" fw={600}>
              Permissions (replication preset, least privilege)
            </Text>
            <Table aria-label="Preset permissions" mt={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Resource</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>Why replication needs it</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preset.map((p) => (
                  <Table.Tr key={`${p.resource}:${p.action}`}>
                    <Table.Td>{p.resource}</Table.Td>
                    <Table.Td>{p.action}</Table.Td>
                    <Table.Td>{p.why}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Controller
            control={form.control}
            name="customize"
            render={({ field }) => (
              <Switch
                label="Edit permissions (advanced)"
                description="Replace the preset. Harbor refuses push without pull."
                checked={field.value}
                onChange={(event) => field.onChange(event.currentTarget.checked)}
              />
            )}
          />
          {values.customize && (
            <Controller
              control={form.control}
              name="access"
              render={({ field }) => (
                <Stack gap={4}>
                  <PermissionsEditor value={field.value} onChange={field.onChange} />
                  {errors.access?.message && (
                    <Text c="red" size="sm" role="alert">
                      {errors.access.message}
                    </Text>
                  )}
                </Stack>
              )}
            />
          )}
        </Stack>
        {conflict ? (
          <Alert color="yellow" title="A robot account with this name already exists" role="alert">
            <Stack gap="xs">
              <Text size="sm">{conflict.message}</Text>
              {conflict.harborMessage && (
                <Text size="sm">
                  Harbor answered: <Code>{conflict.harborMessage}</Code>
                </Text>
              )}
              {conflict.body.hint && <Text size="sm">{conflict.body.hint}</Text>}
              <Group>
                {conflict.body.conflict?.options.includes('reuse') && (
                  <Button variant="light" onClick={() => void form.handleSubmit((v) => submit(v, 'reuse'))()}>
                    Reuse it with a new secret
                  </Button>
                )}
                <Button
                  variant="default"
                  onClick={() => {
                    setConflict(null);
                    form.setFocus('name');
                  }}
                >
                  Choose another name
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <ErrorCallout error={create.error ?? followUpError} title="Could not create the robot account" />
        )}
        <StepFooter
          label="Create robot account"
          blockedReason={blockedReason}
          loading={create.isPending}
          onBack={back ? () => goTo(back) : undefined}
        />
      </StepLayout>
    </form>
  );
}
