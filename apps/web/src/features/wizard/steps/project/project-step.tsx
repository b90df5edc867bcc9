// Step 2: the destination project on the target, picked by search or created with Harbor's name
// rules. In pull mode also the source project the robot will read.
import { projectNameSchema } from '@hw/wizard-api';
import type { ChooseProjectRequest } from '@hw/wizard-api';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { FormProvider, useForm, useWatch } from 'react-hook-form';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { StepFooter, StepLayout } from '@/components/step-layout.tsx';
import { ConnectForm } from '@/features/wizard/components/connect-form.tsx';
import { useGoBack, sideLabel, useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { ConnectionReport } from '@/features/wizard/components/connection-report.tsx';
import { useProjectCheck } from '@/features/wizard/steps/project/api/check-project.ts';
import { useChooseProject } from '@/features/wizard/steps/project/api/choose-project.ts';
import { ProjectField, projectFormSchema } from '@/features/wizard/steps/project/project-form.ts';
import type { ProjectFormInput, ProjectFormOutput } from '@/features/wizard/steps/project/project-form.ts';
import { ExistenceNote, ProjectNameField } from '@/features/wizard/steps/project/project-name-field.tsx';
import { fieldErrorRows, nextBlockedReason } from '@/features/wizard/utils/next-blocked-reason.ts';
import { ApiRequestError } from '@/lib/api-error.ts';

export function ProjectStep() {
  const { setup, completeStep } = useWizard();
  const pull = setup.mode === 'pull';
  const choose = useChooseProject(setup.id);
  const [conflict, setConflict] = useState<ApiRequestError | null>(null);

  const form = useForm<ProjectFormInput, unknown, ProjectFormOutput>({
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

  const submit = (values: ProjectFormOutput, create: boolean) => {
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
  const blockedReason = nextBlockedReason([
    [!name, 'Enter a project name.'],
    ...fieldErrorRows(errors, ['name']),
    [!nameValid, 'The project name is not valid.'],
    [pull && !setup.source, 'Connect the source Harbor first (pull mode).'],
    ...(pull ? fieldErrorRows(errors, ['sourceProject'], 'Source project: ') : []),
    [!upToDate || check.isFetching, 'Checking whether the project exists…'],
    [check.isError, 'Could not check the project name; retry below.'],
  ]);
  const goBack = useGoBack();

  return (
    // The source project field sits below the source connection's own form, outside this one.
    <FormProvider {...form}>
      <StepLayout
        title="Target project"
        side={sideLabel(setup, 'project')}
        description="The project on the target Harbor the images land in. Pick an existing one or type a new name."
        busy={
          choose.isPending ? (exists === false ? 'Creating the project…' : 'Checking the project…') : null
        }
      >
        {!pull && (
          <Alert role="note" color="blue" title="Why the project must exist first">
            In push mode the source Harbor logs in to the target with a project robot account. Such an account
            cannot create projects, so if the project is missing the replication fails with “403 forbidden”.
            The wizard creates it now, with your administrator account.
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
              name="name"
              label="Project name"
              description="Lowercase letters, digits and . _ - between them (Harbor's rule), 1–255 characters. Start typing to search the target's projects."
              side="target"
              setupId={setup.id}
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
              <ProjectField.CheckboxField
                name="public"
                label="Public"
                description="Anyone may pull from a public project without logging in. Leave it off for a private project (Harbor's default)."
              />
            )}
          </Stack>
        </form>
        {pull && !setup.source && (
          <Card withBorder component="section" aria-label="Connect the source Harbor now">
            <Stack gap="sm">
              <Text fw={600}>Connect the source Harbor now</Text>
              <Text size="sm">
                In pull mode the robot account lives on the source Harbor and may read only one of its
                projects, so the wizard needs the source connection before the next step. Step 5 is then
                already done.
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
              name="sourceProject"
              label="Source project"
              description="The project on the source Harbor the images come from; the robot account may read only this project."
              side="source"
              setupId={setup.id}
            />
            <ConnectionReport summary={setup.source} side="source" needsAdmin={false} />
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
          onBack={goBack}
        />
      </StepLayout>
    </FormProvider>
  );
}
