// Step 2: the destination project on the target, picked by search or created with Harbor's name
// rules. In pull mode also the source project the robot will read.
import { chooseProjectRequestSchema, projectNameSchema } from '@hw/wizard-api';
import type { ChooseProjectRequest, HarborSide } from '@hw/wizard-api';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Card, Checkbox, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import type { Control } from 'react-hook-form';
import { z } from 'zod';

import { ErrorCallout } from '../../../../components/error-callout.tsx';
import { StepFooter, StepLayout } from '../../../../components/step-layout.tsx';
import { ApiRequestError } from '../../../../lib/api-client.ts';
import { ConnectForm } from '../../components/connect-form.tsx';
import { previousStep, sideLabel, useWizard } from '../../components/wizard-context.tsx';
import { useProjectCheck } from './api/check-project.ts';
import { useChooseProject } from './api/choose-project.ts';
import { useProjects } from './api/get-projects.ts';

/** The request's fields the operator types; `create` follows from whether the project exists. */
function projectFormSchema(pull: boolean) {
  return chooseProjectRequestSchema
    .omit({ create: true, sourceProject: true })
    .extend({ sourceProject: z.string().trim() })
    .superRefine((values, ctx) => {
      if (!pull) return;
      const result = projectNameSchema.safeParse(values.sourceProject);
      if (!result.success)
        ctx.addIssue({
          code: 'custom',
          path: ['sourceProject'],
          message: result.error.issues[0]?.message ?? 'Invalid project name',
        });
    });
}
type FormInput = z.input<ReturnType<typeof projectFormSchema>>;
type FormOutput = z.output<ReturnType<typeof projectFormSchema>>;

function ProjectNameField({
  control,
  name,
  label,
  description,
  side,
  setupId,
  error,
}: {
  control: Control<FormInput, unknown, FormOutput>;
  name: 'name' | 'sourceProject';
  label: string;
  description: string;
  side: HarborSide;
  setupId: string;
  error?: string;
}) {
  const value = useWatch({ control, name }) ?? '';
  const [search] = useDebouncedValue(value.trim(), 300);
  const projects = useProjects(setupId, side, search);
  const matches = (projects.data?.items ?? []).filter((p) => p.name !== value.trim()).slice(0, 8);
  const listId = `${name}-existing-projects`;
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <Stack gap={6}>
          {/* A plain text field with the search results as suggestions: one labelled control. */}
          <TextInput
            label={label}
            description={description}
            required
            value={field.value ?? ''}
            onChange={field.onChange}
            onBlur={field.onBlur}
            ref={field.ref}
            error={error}
            list={listId}
            autoComplete="off"
            rightSection={projects.isFetching ? <Loader size="xs" aria-label="Searching projects" /> : null}
          />
          <datalist id={listId}>
            {matches.map((p) => (
              <option key={p.id} value={p.name} />
            ))}
          </datalist>
          {matches.length > 0 && (
            <Group gap={6} role="group" aria-label={`Existing projects on the ${side} Harbor`}>
              <Text size="xs" c="dimmed">
                Existing:
              </Text>
              {matches.map((p) => (
                <Button
                  key={p.id}
                  size="compact-xs"
                  variant="light"
                  onClick={() => field.onChange(p.name)}
                  aria-label={`Use project ${p.name}`}
                >
                  {p.name} ({p.repoCount} repositories{p.public ? ', public' : ''})
                </Button>
              ))}
            </Group>
          )}
        </Stack>
      )}
    />
  );
}

function ExistenceNote({
  checking,
  exists,
  failed,
  side,
}: {
  checking: boolean;
  exists?: boolean;
  failed: boolean;
  side: HarborSide;
}) {
  if (checking)
    return (
      <Text size="sm" role="status">
        Checking the {side} Harbor…
      </Text>
    );
  if (failed) return null;
  if (exists === undefined) return null;
  return (
    <Text size="sm" role="status" fw={500}>
      {exists
        ? `This project exists on the ${side} Harbor: the wizard will use it.`
        : `This project does not exist yet: the wizard will create it on the ${side} Harbor.`}
    </Text>
  );
}

export function ProjectStep() {
  const { setup, step, completeStep, goTo } = useWizard();
  const pull = setup.mode === 'pull';
  const choose = useChooseProject(setup.id);
  const [conflict, setConflict] = useState<ApiRequestError | null>(null);

  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(projectFormSchema(pull)),
    mode: 'onChange',
    defaultValues: {
      name: setup.project?.name ?? '',
      public: false,
      sourceProject: setup.project?.sourceProject ?? '',
    },
  });
  const name = useWatch({ control: form.control, name: 'name' }).trim();
  const [debouncedName] = useDebouncedValue(name, 300);
  const check = useProjectCheck(setup.id, 'target', debouncedName);
  const upToDate = debouncedName === name;
  const nameValid = projectNameSchema.safeParse(name).success;
  const exists = upToDate && check.data?.name === name ? check.data.exists : undefined;

  const submit = (values: FormOutput, create: boolean) => {
    setConflict(null);
    const request: ChooseProjectRequest = {
      name: values.name,
      create,
      public: values.public,
      sourceProject: pull ? values.sourceProject : undefined,
    };
    choose.mutate(request, {
      onSuccess: (state) => void completeStep(state),
      onError: (error) => {
        if (error instanceof ApiRequestError && error.isConflict) setConflict(error);
      },
    });
  };

  const errors = form.formState.errors;
  const blockedReason = !name
    ? 'Enter a project name.'
    : errors.name?.message
      ? errors.name.message
      : !nameValid
        ? 'The project name is not valid.'
        : pull && !setup.source
          ? 'Connect the source Harbor first (pull mode).'
          : pull && errors.sourceProject?.message
            ? `Source project: ${errors.sourceProject.message}`
            : !upToDate || check.isFetching
              ? 'Checking whether the project exists…'
              : check.isError
                ? 'Could not check the project name; retry below.'
                : null;
  const back = previousStep(step);

  return (
    <StepLayout
      title="Target project"
      side={sideLabel(setup, 'project')}
      description="The project on the target Harbor the images land in. Pick an existing one or type a new name."
      busy={choose.isPending ? (exists === false ? 'Creating the project…' : 'Checking the project…') : null}
    >
      {!pull && (
        <Alert role="note" color="blue" title="Why the project must exist first">
          In push mode the source Harbor logs in to the target with a project robot account. Such an account
          cannot create projects, so if the project is missing the replication fails with “403 forbidden”. The
          wizard creates it now, with your administrator account.
        </Alert>
      )}
      {/* The source connection (pull mode) has its own form, so this one ends before it. */}
      <form
        id="project-form"
        noValidate
        onSubmit={(event) => void form.handleSubmit((values) => submit(values, exists === false))(event)}
      >
        <Stack gap="md" maw={640}>
          <ProjectNameField
            control={form.control}
            name="name"
            label="Project name"
            description="Lowercase letters, digits and . _ - between them (Harbor's rule), 1–255 characters. Start typing to search the target's projects."
            side="target"
            setupId={setup.id}
            error={errors.name?.message}
          />
          <ExistenceNote
            checking={nameValid && (!upToDate || check.isFetching)}
            exists={exists}
            failed={check.isError}
            side="target"
          />
          {check.isError && (
            <ErrorCallout
              error={check.error}
              title="Could not check the project"
              onRetry={() => void check.refetch()}
            />
          )}
          {exists === false && (
            <Controller
              control={form.control}
              name="public"
              render={({ field }) => (
                <Checkbox
                  label="Public"
                  description="Anyone may pull from a public project without logging in. Leave it off for a private project (Harbor's default)."
                  checked={field.value ?? false}
                  onChange={(event) => field.onChange(event.currentTarget.checked)}
                />
              )}
            />
          )}
        </Stack>
      </form>
      {pull && !setup.source && (
        <Card withBorder component="section" aria-label="Connect the source Harbor now">
          <Stack gap="sm">
            <Text fw={600}>Connect the source Harbor now</Text>
            <Text size="sm">
              In pull mode the robot account lives on the source Harbor and may read only one of its projects,
              so the wizard needs the source connection before the next step. Step 5 is then already done.
            </Text>
            <ConnectForm side="source" />
          </Stack>
        </Card>
      )}
      {pull && setup.source && (
        <Stack gap="xs" maw={640}>
          <Text size="sm">
            Connected to the source Harbor {setup.source.url} as {setup.source.username} (step 5 is done).
          </Text>
          <ProjectNameField
            control={form.control}
            name="sourceProject"
            label="Source project"
            description="The project on the source Harbor the images come from; the robot account may read only this project."
            side="source"
            setupId={setup.id}
            error={errors.sourceProject?.message}
          />
        </Stack>
      )}
      {conflict ? (
        <Alert color="yellow" title="A project with this name already exists" role="alert">
          <Stack gap="xs">
            <Text size="sm">
              {conflict.harborMessage ?? conflict.message} It was probably created a moment ago (by you or
              someone else). Use it, or type another name.
            </Text>
            <Group>
              <Button
                variant="light"
                onClick={() => void form.handleSubmit((values) => submit(values, false))()}
              >
                Use the existing project
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : (
        <ErrorCallout error={choose.error} title="Could not set up the project" />
      )}
      <StepFooter
        formId="project-form"
        blockedReason={blockedReason}
        loading={choose.isPending}
        onBack={back ? () => goTo(back) : undefined}
      />
    </StepLayout>
  );
}
