// Step 8: the replication rule with Harbor's fields and wording, the cron assistant, and the live
// dry-run preview beside the form.
import { FLATTENING_LEVELS, parseHarborVersion } from '@hw/harbor-client';
import { previewRequestSchema, ruleDraftSchema, sidesFor } from '@hw/wizard-api';
import type { RuleDraft, RuleDraftInput, SetupState } from '@hw/wizard-api';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Checkbox,
  Fieldset,
  Grid,
  Group,
  NativeSelect,
  NumberInput,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { Controller, useForm, useWatch } from 'react-hook-form';

import { ErrorCallout } from '../../../../components/error-callout.tsx';
import { StepFooter, StepLayout } from '../../../../components/step-layout.tsx';
import { previousStep, sideLabel, useWizard } from '../../components/wizard-context.tsx';
import { useLabels } from './api/get-labels.ts';
import { useSampleRepositories } from './api/get-sample-repositories.ts';
import { useSaveRuleDraft } from './api/save-rule-draft.ts';
import { CronAssistant } from './cron-assistant/cron-assistant.tsx';
import { DestinationExamples } from './destination-examples.tsx';
import { LabelFilter } from './label-filter.tsx';
import { RulePreview } from './preview/rule-preview.tsx';

const DECORATIONS = [
  { value: 'matches', label: 'matching' },
  { value: 'excludes', label: 'excluding' },
];

const GLOB_HELP =
  'Doublestar glob: * matches any characters except /, ** also matches /, ? one character, {a,b} either. Empty matches everything.';

function defaultDraft(setup: SetupState): RuleDraftInput {
  const target = setup.project?.name ?? 'replica';
  return {
    name: `replicate-to-${target}`.slice(0, 255),
    description: '',
    filters: {
      name: '',
      tag: { decoration: 'matches', pattern: '' },
      labels: { decoration: 'matches', names: [] },
      resource: '',
    },
    destination: { namespace: setup.project?.name ?? '', replaceCount: 1 },
    trigger: { type: 'manual', cron: '' },
    deletion: false,
    override: true,
    copyByChunk: false,
    singleActiveReplication: false,
    enabled: true,
    bandwidth: { unlimited: true, unit: 'Mbps' },
  };
}

function firstError(errors: object, prefix = ''): string | null {
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== 'object') continue;
    const message: unknown = (value as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message;
    const nested = firstError(value as object, `${prefix}${key}.`);
    if (nested) return nested;
  }
  return null;
}

export function RuleStep() {
  const { setup, step, completeStep, goTo } = useWizard();
  const ruleSide = sidesFor(setup.mode).rule;
  const harbor = setup[ruleSide];
  const caps = harbor?.capabilities;
  const version = harbor ? (parseHarborVersion(harbor.version) ?? undefined) : undefined;
  const labels = useLabels(setup.id);
  const samples = useSampleRepositories(setup.id);
  const save = useSaveRuleDraft(setup.id);

  const form = useForm<RuleDraftInput, unknown, RuleDraft>({
    resolver: zodResolver(ruleDraftSchema),
    mode: 'onChange',
    defaultValues: setup.rule ?? defaultDraft(setup),
  });
  const values = useWatch({ control: form.control }) as RuleDraftInput;
  const triggerType = values.trigger?.type ?? 'manual';
  const eventBased = triggerType === 'event_based';
  const errors = form.formState.errors;
  const targetProject = setup.project?.name ?? '';
  const namespace = values.destination?.namespace ?? '';

  const previewRequest = (() => {
    const parsed = previewRequestSchema.safeParse({
      filters: values.filters,
      destination: values.destination,
    });
    if (!parsed.success || errors.filters) return null;
    return { filters: parsed.data.filters, destination: parsed.data.destination };
  })();

  const back = previousStep(step);
  const blockedReason = firstError(errors);

  const triggerOptions = [
    { value: 'manual', label: 'Manual' },
    { value: 'scheduled', label: 'Scheduled' },
    ...(setup.mode === 'push' ? [{ value: 'event_based', label: 'Event Based' }] : []),
  ];

  return (
    <form
      noValidate
      onSubmit={(event) =>
        void form.handleSubmit((draft) =>
          save.mutate(draft, { onSuccess: (state) => void completeStep(state) }),
        )(event)
      }
    >
      <StepLayout
        title="Replication rule"
        side={sideLabel(setup, 'rule')}
        description={`The rule on the ${ruleSide} Harbor: what to copy, where it lands and when. The preview shows what the filters match right now.`}
        busy={save.isPending ? 'Saving the rule…' : null}
      >
        <Grid gap="xl">
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Stack gap="md">
              <TextInput
                label="Name"
                description="The rule's name on Harbor: lowercase letters, digits and . _ - between them."
                required
                error={errors.name?.message}
                {...form.register('name')}
              />
              <Textarea
                label="Description"
                description="Optional."
                autosize
                minRows={1}
                {...form.register('description')}
              />

              <Fieldset legend="Source resource filter">
                <Stack gap="sm">
                  <TextInput
                    label="Name filter"
                    description={`Repository names, e.g. library/** or dev/{app,api}. ${GLOB_HELP}`}
                    placeholder="**"
                    error={errors.filters?.name?.message ?? errors.filters?.message}
                    {...form.register('filters.name')}
                  />
                  <Group align="flex-start" gap="sm">
                    <Controller
                      control={form.control}
                      name="filters.tag.decoration"
                      render={({ field }) => (
                        <NativeSelect
                          w={170}
                          label="Tag filter mode"
                          description="Keep or drop the tags that match."
                          data={DECORATIONS}
                          value={field.value ?? 'matches'}
                          onChange={(event) =>
                            field.onChange(event.currentTarget.value === 'excludes' ? 'excludes' : 'matches')
                          }
                        />
                      )}
                    />
                    <TextInput
                      style={{ flex: 1, minWidth: 220 }}
                      label="Tag filter"
                      description={`e.g. v* or {latest,stable}. ${GLOB_HELP}`}
                      placeholder="**"
                      error={errors.filters?.tag?.pattern?.message}
                      {...form.register('filters.tag.pattern')}
                    />
                  </Group>
                  <Group align="flex-start" gap="sm">
                    <Controller
                      control={form.control}
                      name="filters.labels.decoration"
                      render={({ field }) => (
                        <NativeSelect
                          w={170}
                          label="Label filter mode"
                          description="Keep or drop artifacts with these labels."
                          data={DECORATIONS}
                          value={field.value ?? 'matches'}
                          onChange={(event) =>
                            field.onChange(event.currentTarget.value === 'excludes' ? 'excludes' : 'matches')
                          }
                        />
                      )}
                    />
                    <Controller
                      control={form.control}
                      name="filters.labels.names"
                      render={({ field }) => (
                        <LabelFilter
                          labels={labels.data?.items ?? []}
                          value={field.value ?? []}
                          onChange={field.onChange}
                          loading={labels.isPending}
                          description={
                            labels.isError
                              ? 'Could not load the labels of this Harbor.'
                              : labels.data?.items.length === 0
                                ? 'This Harbor has no global labels.'
                                : "The source Harbor's global labels; type to search. None selected: labels are not filtered."
                          }
                        />
                      )}
                    />
                  </Group>
                  <Controller
                    control={form.control}
                    name="filters.resource"
                    render={({ field }) => (
                      <NativeSelect
                        label="Resource"
                        description="Kept for clarity: Harbor 2.8+ replicates every artifact type whatever is chosen here."
                        data={[
                          { value: 'all', label: 'All' },
                          { value: 'image', label: 'image' },
                          { value: 'artifact', label: 'artifact' },
                        ]}
                        value={field.value ? field.value : 'all'}
                        onChange={(event) => {
                          const v = event.currentTarget.value;
                          field.onChange(v === 'image' || v === 'artifact' ? v : '');
                        }}
                      />
                    )}
                  />
                </Stack>
              </Fieldset>

              <Fieldset legend="Destination">
                <Stack gap="sm">
                  <TextInput
                    label="Destination namespace"
                    description={`The project (and optional path) on the target. Empty means the target project “${targetProject}”; the robot account may only write there.`}
                    error={errors.destination?.namespace?.message}
                    {...form.register('destination.namespace')}
                  />
                  <Controller
                    control={form.control}
                    name="destination.replaceCount"
                    render={({ field }) => (
                      <NativeSelect
                        label="Flattening"
                        description="How many leading path levels of the source repository are dropped before the namespace is put in front."
                        data={FLATTENING_LEVELS.map((l) => ({ value: String(l.value), label: l.label }))}
                        value={String(field.value ?? 1)}
                        onChange={(event) => field.onChange(Number(event.currentTarget.value))}
                        disabled={caps ? !caps.destNamespaceReplaceCount : false}
                      />
                    )}
                  />
                  <DestinationExamples
                    samples={samples.data?.items ?? []}
                    namespace={namespace.trim() || targetProject}
                    replaceCount={values.destination?.replaceCount ?? 1}
                  />
                </Stack>
              </Fieldset>

              <Fieldset legend="Trigger">
                <Stack gap="sm">
                  <Controller
                    control={form.control}
                    name="trigger.type"
                    render={({ field }) => (
                      <NativeSelect
                        label="Trigger Mode"
                        description={
                          setup.mode === 'push'
                            ? 'Manual: only when you click Replicate. Scheduled: by cron. Event Based: whenever an artifact is pushed or deleted on the source.'
                            : 'Manual or scheduled: a pull rule cannot react to events on the other Harbor.'
                        }
                        data={triggerOptions}
                        value={field.value ?? 'manual'}
                        onChange={(event) => {
                          const v = event.currentTarget.value;
                          const next = v === 'scheduled' || v === 'event_based' ? v : 'manual';
                          field.onChange(next);
                          if (next !== 'event_based')
                            form.setValue('deletion', false, { shouldValidate: true });
                          if (next === 'event_based')
                            form.setValue('singleActiveReplication', false, { shouldValidate: true });
                        }}
                      />
                    )}
                  />
                  {triggerType === 'scheduled' && (
                    <Controller
                      control={form.control}
                      name="trigger.cron"
                      render={({ field }) => (
                        <CronAssistant
                          value={field.value ?? ''}
                          onChange={field.onChange}
                          onBlur={field.onBlur}
                          version={version}
                        />
                      )}
                    />
                  )}
                  {eventBased && (
                    <>
                      <Controller
                        control={form.control}
                        name="deletion"
                        render={({ field }) => (
                          <Checkbox
                            label="Delete remote resources when locally deleted"
                            description="Only for push-based replication. The robot account needs the delete permissions (step 3)."
                            checked={field.value ?? false}
                            onChange={(event) => field.onChange(event.currentTarget.checked)}
                          />
                        )}
                      />
                      {setup.robot &&
                        values.deletion &&
                        !setup.robot.access.some((a) => a.action === 'delete') && (
                          <Alert role="note" color="orange" title="The robot account cannot delete">
                            It was created without delete permissions, so deletions would fail. Go back to the
                            robot step and allow replicating deletions.
                          </Alert>
                        )}
                      <Alert role="note" color="yellow" title="Label filters never fire on push events">
                        An artifact has no labels when it is pushed, so an event-based rule with a label
                        filter skips it. Labels added later do not trigger the rule.
                      </Alert>
                    </>
                  )}
                </Stack>
              </Fieldset>

              <Fieldset legend="Options">
                <Stack gap="sm">
                  {caps?.speed !== false && (
                    <Group align="flex-end">
                      <Controller
                        control={form.control}
                        name="bandwidth.value"
                        render={({ field }) => (
                          <NumberInput
                            label="Bandwidth"
                            description="Limit per replication job (Harbor runs several jobs in parallel)."
                            min={1}
                            max={99_999}
                            allowDecimal={false}
                            disabled={values.bandwidth?.unlimited ?? true}
                            value={field.value ?? ''}
                            onChange={(v) => field.onChange(typeof v === 'number' ? v : undefined)}
                            error={errors.bandwidth?.value?.message}
                            w={220}
                          />
                        )}
                      />
                      <Controller
                        control={form.control}
                        name="bandwidth.unit"
                        render={({ field }) => (
                          <NativeSelect
                            label="Bandwidth unit"
                            data={['Kbps', 'Mbps']}
                            value={field.value ?? 'Mbps'}
                            onChange={(event) =>
                              field.onChange(event.currentTarget.value === 'Kbps' ? 'Kbps' : 'Mbps')
                            }
                            disabled={values.bandwidth?.unlimited ?? true}
                            w={150}
                          />
                        )}
                      />
                      <Controller
                        control={form.control}
                        name="bandwidth.unlimited"
                        render={({ field }) => (
                          <Checkbox
                            label="Unlimited"
                            checked={field.value ?? true}
                            onChange={(event) => {
                              field.onChange(event.currentTarget.checked);
                              void form.trigger('bandwidth');
                            }}
                            mb={8}
                          />
                        )}
                      />
                    </Group>
                  )}
                  <Controller
                    control={form.control}
                    name="override"
                    render={({ field }) => (
                      <Checkbox
                        label="Override"
                        description="Replace an artifact on the target that has the same name but different content."
                        checked={field.value ?? true}
                        onChange={(event) => field.onChange(event.currentTarget.checked)}
                      />
                    )}
                  />
                  {caps?.copyByChunk && (
                    <Controller
                      control={form.control}
                      name="copyByChunk"
                      render={({ field }) => (
                        <Checkbox
                          label="Copy by chunk"
                          description="Upload blobs in chunks; helps with proxies that limit request size."
                          checked={field.value ?? false}
                          onChange={(event) => field.onChange(event.currentTarget.checked)}
                        />
                      )}
                    />
                  )}
                  {caps?.singleActiveReplication && !eventBased && (
                    <Controller
                      control={form.control}
                      name="singleActiveReplication"
                      render={({ field }) => (
                        <Checkbox
                          label="Single active replication"
                          description="Skip a run while the previous one of this rule is still going (shown as “Skipped”)."
                          checked={field.value ?? false}
                          onChange={(event) => field.onChange(event.currentTarget.checked)}
                        />
                      )}
                    />
                  )}
                  <Controller
                    control={form.control}
                    name="enabled"
                    render={({ field }) => (
                      <Checkbox
                        label="Enable rule"
                        description="A disabled rule keeps its settings but never runs, not even on schedule or events."
                        checked={field.value ?? true}
                        onChange={(event) => field.onChange(event.currentTarget.checked)}
                      />
                    )}
                  />
                </Stack>
              </Fieldset>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <RulePreview setupId={setup.id} request={previewRequest} />
          </Grid.Col>
        </Grid>
        <ErrorCallout error={save.error} title="Could not save the rule" />
        {blockedReason === null && !form.formState.isValid && form.formState.isSubmitted && (
          <Text size="sm" c="red">
            Check the highlighted fields.
          </Text>
        )}
        <StepFooter
          blockedReason={blockedReason}
          loading={save.isPending}
          onBack={back ? () => goTo(back) : undefined}
        />
      </StepLayout>
    </form>
  );
}
