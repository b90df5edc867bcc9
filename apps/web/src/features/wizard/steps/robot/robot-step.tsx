// Step 3: the robot account the rule's Harbor logs in with, on the other Harbor, with a
// least-privilege replication preset. Its one-time secret goes straight to step 4.
import { zodResolver } from '@hookform/resolvers/zod';
import { parseRobotName } from '@hw/harbor-client';
import { robotProjectName } from '@hw/wizard-api';
import type { SetupState } from '@hw/wizard-api';
import { Alert, Code, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormProvider, useForm, useWatch } from 'react-hook-form';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { StepFooter, StepLayout } from '@/components/step-layout.tsx';
import { setupQueryOptions } from '@/features/wizard/api/get-setup.ts';
import { useGoBack, sideLabel, useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { useCreateRobot } from '@/features/wizard/steps/robot/api/create-robot.ts';
import type { CreateRobotInput } from '@/features/wizard/steps/robot/api/create-robot.ts';
import { RobotConflictAlert } from '@/features/wizard/steps/robot/robot-conflict-alert.tsx';
import { RobotDeletionOffer } from '@/features/wizard/steps/robot/robot-deletion-offer.tsx';
import {
  presetAccess,
  RobotField,
  robotFormSchema,
  robotRequest,
} from '@/features/wizard/steps/robot/robot-form.ts';
import type { RobotFormInput, RobotFormOutput } from '@/features/wizard/steps/robot/robot-form.ts';
import { RobotNameField } from '@/features/wizard/steps/robot/robot-name-field.tsx';
import { RobotPermissions } from '@/features/wizard/steps/robot/robot-permissions.tsx';
import { fieldErrorRows, nextBlockedReason } from '@/features/wizard/utils/next-blocked-reason.ts';
import { ApiRequestError } from '@/lib/api-error.ts';

const EXPIRY_OPTIONS = [
  { value: 'never', label: 'Never' },
  { value: 'days', label: 'Specify # of days' },
];

function expiryDate(days: number | undefined): string | null {
  if (!days || days < 1) return null;
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString(undefined, { dateStyle: 'long' });
}

/**
 * The robot lives on the Harbor the rule does not run on, so it names the other one: in push mode
 * the source pushes into the target's robot, in pull mode the target reads with the source's robot.
 */
function defaultRobotDescription(setup: SetupState): string {
  const other = setup.mode === 'push' ? 'source' : 'target';
  const url = setup[other]?.url ?? `the ${other} Harbor`;
  return setup.mode === 'push' ? `Replication from ${url}` : `Replication to ${url}`;
}

export function RobotStep() {
  const { setup, completeStep, setRobotHandOff } = useWizard();
  const queryClient = useQueryClient();
  const create = useCreateRobot(setup.id);
  const [conflict, setConflict] = useState<ApiRequestError | null>(null);
  const [followUpError, setFollowUpError] = useState<unknown>(null);
  const project = robotProjectName(setup) ?? '';

  const form = useForm<RobotFormInput, unknown, RobotFormOutput>({
    resolver: zodResolver(robotFormSchema),
    mode: 'onChange',
    defaultValues: {
      name: setup.robot ? parseRobotName(setup.robot.name).name : 'replicator',
      description: setup.robot?.description ?? defaultRobotDescription(setup),
      expiry: 'never',
      days: 90,
      // A rule that replicates deletions sent the operator here: a new robot gets the permissions.
      deletion: setup.mode === 'push' && setup.rule?.deletion === true,
      customize: false,
      access: presetAccess(setup.mode, project, setup.mode === 'push' && setup.rule?.deletion === true),
    },
  });
  const [typedName, expiry, days, deletion] = useWatch({
    control: form.control,
    name: ['name', 'expiry', 'days', 'deletion'],
  });
  const name = typedName.trim();
  const errors = form.formState.errors;
  const expires = expiryDate(days);

  const submit = (values: RobotFormOutput, onConflict: 'fail' | 'reuse') => {
    setConflict(null);
    const input: CreateRobotInput = {
      name: values.name,
      description: values.description,
      duration: values.expiry === 'never' ? -1 : (values.days ?? 1),
      deletion: values.deletion,
      access: values.customize ? values.access : undefined,
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

  const blockedReason = nextBlockedReason([
    [!name, 'Enter a robot name.'],
    [
      errors.name || !robotRequest.name.safeParse(name).success,
      errors.name?.message ?? 'The robot name is not valid.',
    ],
    ...fieldErrorRows(errors, ['days', 'access']),
  ]);
  const goBack = useGoBack();

  return (
    <FormProvider {...form}>
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
          <RobotDeletionOffer wanted={deletion} />
          <Stack gap="md" maw={720}>
            <RobotNameField project={project} />
            <RobotField.TextField
              name="description"
              label="Description"
              description="Shown in Harbor's robot account list."
            />
            <RobotField.RadioGroupField
              name="expiry"
              label="Expiration"
              description="When the robot's secret stops working; the replication then fails until it is refreshed."
              options={EXPIRY_OPTIONS}
              layout="row"
            />
            {expiry === 'days' && (
              <RobotField.NumberField
                name="days"
                label="Expiration (days)"
                description={expires ? `Expires on ${expires}.` : 'Whole days, 1 or more.'}
                min={1}
                max={36_500}
              />
            )}
            <RobotPermissions project={project} />
          </Stack>
          {conflict ? (
            <RobotConflictAlert
              conflict={conflict}
              onReuse={() => void form.handleSubmit((v) => submit(v, 'reuse'))()}
              onRename={() => {
                setConflict(null);
                form.setFocus('name');
              }}
            />
          ) : (
            <ErrorCallout error={create.error ?? followUpError} title="Could not create the robot account" />
          )}
          <StepFooter
            label="Create robot account"
            blockedReason={blockedReason}
            loading={create.isPending}
            onBack={goBack}
          />
        </StepLayout>
      </form>
    </FormProvider>
  );
}
