// When the rule runs: manual, on a cron schedule (with the assistant), or on push events (push mode
// only), with what an event-based rule implies for deletions and label filters.
import { parseHarborVersion } from '@hw/harbor-client';
import type { RuleDraftInput } from '@hw/wizard-api';
import { Alert, Button, Fieldset, Group, Stack } from '@mantine/core';
import { useController, useWatch } from 'react-hook-form';

import { useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { useSaveRuleDraft } from '@/features/wizard/steps/rule/api/save-rule-draft.ts';
import { CronAssistant } from '@/features/wizard/steps/rule/cron-assistant/cron-assistant.tsx';
import { RuleField, useRuleForm, useRuleHarbor } from '@/features/wizard/steps/rule/rule-form.ts';
import { triggerWord } from '@/features/wizard/utils/harbor-words.ts';

function CronField() {
  const harbor = useRuleHarbor();
  const version = harbor ? (parseHarborVersion(harbor.version) ?? undefined) : undefined;
  const { field } = useController<RuleDraftInput, 'trigger.cron'>({ name: 'trigger.cron' });
  return (
    <CronAssistant
      value={field.value ?? ''}
      onChange={field.onChange}
      onBlur={field.onBlur}
      version={version}
    />
  );
}

export function TriggerFieldset() {
  const { setup, goTo } = useWizard();
  const { control, setValue, handleSubmit } = useRuleForm();
  const saveDraft = useSaveRuleDraft(setup.id);
  const [triggerType, deletion] = useWatch({ control, name: ['trigger.type', 'deletion'] });
  const push = setup.mode === 'push';
  const robotCannotDelete = setup.robot && !setup.robot.access.some((a) => a.action === 'delete');

  return (
    <Fieldset legend="Trigger">
      <Stack gap="sm">
        <RuleField.SelectField
          name="trigger.type"
          label="Trigger Mode"
          description={
            push
              ? 'Manual: only when you click Replicate. Scheduled: by cron. Event based: whenever an artifact is pushed or deleted on the source.'
              : 'Manual or scheduled: a pull rule cannot react to events on the other Harbor.'
          }
          options={[
            ...(['manual', 'scheduled', ...(push ? ['event_based'] : [])] as const).map((value) => ({
              value,
              label: triggerWord(value),
            })),
          ]}
          onValueChange={(next) => {
            // Keep the draft valid: only event-based rules replicate deletions, and they cannot be
            // combined with single active replication.
            if (next !== 'event_based') setValue('deletion', false, { shouldValidate: true });
            if (next === 'event_based') setValue('singleActiveReplication', false, { shouldValidate: true });
          }}
        />
        {triggerType === 'scheduled' && <CronField />}
        {triggerType === 'event_based' && (
          <>
            <RuleField.CheckboxField
              name="deletion"
              label="Delete remote resources when locally deleted"
              description="Only for push-based replication. The robot account needs the delete permissions (step 3)."
            />
            {robotCannotDelete && deletion && (
              <Alert role="note" color="orange" title="The robot account cannot delete">
                <Stack gap="xs">
                  <span>
                    It was created without delete permissions, so deletions would fail. The robot step adds
                    them to {setup.robot?.name} in one click (its secret stays the same).
                  </span>
                  <Group>
                    <Button
                      size="xs"
                      variant="light"
                      loading={saveDraft.isPending}
                      // The draft is saved first, so the robot step knows the rule replicates deletions.
                      onClick={() =>
                        void handleSubmit((draft) =>
                          saveDraft.mutate(draft, { onSuccess: () => goTo('robot') }),
                        )()
                      }
                    >
                      Go to the robot step
                    </Button>
                  </Group>
                </Stack>
              </Alert>
            )}
            <Alert role="note" color="yellow" title="Label filters never fire on push events">
              An artifact has no labels when it is pushed, so an event-based rule with a label filter skips
              it. Labels added later do not trigger the rule.
            </Alert>
          </>
        )}
      </Stack>
    </Fieldset>
  );
}
