// Step 8: the replication rule with Harbor's fields and wording, the cron assistant, and the live
// dry-run preview beside the form.
import { previewRequestSchema, ruleDraftSchema, sidesFor } from '@hw/wizard-api';
import type { RuleDraft, RuleDraftInput } from '@hw/wizard-api';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Grid, Group, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { FormProvider, useForm, useWatch } from 'react-hook-form';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { StepFooter, StepLayout } from '@/components/step-layout.tsx';
import { useGoBack, sideLabel, useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { useRuleNameCheck } from '@/features/wizard/steps/rule/api/check-rule-name.ts';
import { useSaveRuleDraft } from '@/features/wizard/steps/rule/api/save-rule-draft.ts';
import { DestinationFieldset } from '@/features/wizard/steps/rule/fieldsets/destination-fieldset.tsx';
import { FiltersFieldset } from '@/features/wizard/steps/rule/fieldsets/filters-fieldset.tsx';
import { OptionsFieldset } from '@/features/wizard/steps/rule/fieldsets/options-fieldset.tsx';
import { TriggerFieldset } from '@/features/wizard/steps/rule/fieldsets/trigger-fieldset.tsx';
import { RulePreview } from '@/features/wizard/steps/rule/preview/rule-preview.tsx';
import { RuleNameField } from '@/features/wizard/steps/rule/rule-name-field.tsx';
import { defaultDraft, RuleField } from '@/features/wizard/steps/rule/rule-form.ts';
import {
  forgetUnsavedRule,
  keepUnsavedRule,
  readUnsavedRule,
} from '@/features/wizard/steps/rule/unsaved-rule.ts';
import { fieldErrorRows, nextBlockedReason } from '@/features/wizard/utils/next-blocked-reason.ts';

export function RuleStep() {
  const { setup, completeStep } = useWizard();
  const save = useSaveRuleDraft(setup.id);
  // The rule as the server has it; edits beyond it survive a reload or a stepper click.
  const [saved] = useState(() => setup.rule ?? defaultDraft(setup));
  const [restored, setRestored] = useState(() => readUnsavedRule(setup.id, saved));
  const [previewed, setPreviewed] = useState<string[]>([]);
  const form = useForm<RuleDraftInput, unknown, RuleDraft>({
    resolver: zodResolver(ruleDraftSchema),
    mode: 'onChange',
    defaultValues: restored ?? saved,
  });
  const { subscribe } = form;
  useEffect(
    () =>
      subscribe({
        formState: { values: true },
        callback: ({ values }) => keepUnsavedRule(setup.id, values, saved),
      }),
    [subscribe, saved, setup.id],
  );
  const discardEdits = () => {
    forgetUnsavedRule(setup.id);
    form.reset(saved);
    setRestored(null);
  };
  const [name, filters, destination] = useWatch({
    control: form.control,
    name: ['name', 'filters', 'destination'],
  });
  const nameCheck = useRuleNameCheck(setup.id, name);
  const errors = form.formState.errors;

  // The preview follows the filters as typed, but only once they make a valid request.
  const preview = previewRequestSchema.safeParse({ filters, destination });
  const previewRequest =
    preview.success && !errors.filters
      ? { filters: preview.data.filters, destination: preview.data.destination }
      : null;

  const goBack = useGoBack();
  const blockedReason = nextBlockedReason([[nameCheck.taken, nameCheck.taken], ...fieldErrorRows(errors)]);

  return (
    <FormProvider {...form}>
      <form
        noValidate
        onSubmit={(event) =>
          void form.handleSubmit((draft) =>
            save.mutate(draft, {
              onSuccess: (state) => {
                forgetUnsavedRule(setup.id);
                void completeStep(state);
              },
            }),
          )(event)
        }
      >
        <StepLayout
          title="Replication rule"
          side={sideLabel(setup, 'rule')}
          description={`The rule on the ${sidesFor(setup.mode).rule} Harbor: what to copy, where it lands and when. The preview shows what the filters match right now.`}
          busy={save.isPending ? 'Saving the rule…' : null}
        >
          {restored && (
            <Alert role="note" color="blue" title="Your unsaved edits are back">
              <Group justify="space-between">
                <Text size="sm">
                  The form shows the edits you made before leaving this step; they are saved when you press
                  Next.
                </Text>
                <Button variant="light" size="xs" onClick={discardEdits}>
                  Discard edits
                </Button>
              </Group>
            </Alert>
          )}
          <Grid gap="xl">
            {/* minWidth 0: a grid column may shrink below its widest content (long repository names). */}
            <Grid.Col span={{ base: 12, lg: 6 }} miw={0}>
              <Stack gap="md">
                <RuleNameField nameCheck={nameCheck} />
                <RuleField.TextareaField
                  name="description"
                  label="Description"
                  description="Optional."
                  autosize
                  minRows={1}
                />
                <FiltersFieldset />
                <DestinationFieldset previewed={previewed} />
                <TriggerFieldset />
                <OptionsFieldset />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }} miw={0}>
              <RulePreview setupId={setup.id} request={previewRequest} onShown={setPreviewed} />
            </Grid.Col>
          </Grid>
          <ErrorCallout error={save.error} title="Could not save the rule" />
          {blockedReason === null && !form.formState.isValid && form.formState.isSubmitted && (
            <Text size="sm" c="red">
              Check the highlighted fields.
            </Text>
          )}
          <StepFooter blockedReason={blockedReason} loading={save.isPending} onBack={goBack} />
        </StepLayout>
      </form>
    </FormProvider>
  );
}
