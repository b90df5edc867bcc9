// Step 9: every choice on one page, grouped per Harbor, the exact requests each Harbor will get,
// and links back to edit each step.
import { destinationNamespace, sidesFor, STEP_TITLES } from '@hw/wizard-api';
import type { HarborSide, Review, SetupState, StepId } from '@hw/wizard-api';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { PageLoader } from '@/components/page-loader.tsx';
import { StepFooter, StepLayout } from '@/components/step-layout.tsx';
import { useGoBack, useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { useCreateRule } from '@/features/wizard/steps/review/api/create-rule.ts';
import { useReview } from '@/features/wizard/steps/review/api/get-review.ts';
import { createdRuleUnchanged, rememberCreatedRule } from '@/features/wizard/steps/review/created-rule.ts';
import {
  decorationWord,
  flatteningWord,
  modeWord,
  triggerSummary,
} from '@/features/wizard/utils/harbor-words.ts';
import { nextBlockedReason } from '@/features/wizard/utils/next-blocked-reason.ts';
import { ApiRequestError } from '@/lib/api-error.ts';

type Row = { label: string; value: ReactNode; step: StepId };

function rowsFor(setup: SetupState, side: HarborSide): Row[] {
  const sides = sidesFor(setup.mode);
  const connection = setup[side];
  const rows: Row[] = [
    {
      label: 'Harbor',
      value: connection ? `${connection.url} (Harbor ${connection.version}, as ${connection.username})` : '—',
      step: side === 'target' ? 'connect-target' : 'connect-source',
    },
  ];
  if (side === 'target' && setup.project)
    rows.push({
      label: 'Project',
      value: `${setup.project.name}${setup.project.createdByWizard ? ' (created by the wizard)' : ''}`,
      step: 'project',
    });
  if (side === 'source' && setup.project?.sourceProject)
    rows.push({ label: 'Source project', value: setup.project.sourceProject, step: 'project' });
  if (sides.robot === side && setup.robot)
    rows.push({
      label: 'Robot account',
      value: `${setup.robot.name} — ${setup.robot.access.map((a) => `${a.resource}:${a.action}`).join(', ')}`,
      step: 'robot',
    });
  if (sides.rule === side) {
    if (setup.endpoint)
      rows.push({
        label: 'Endpoint',
        value: `${setup.endpoint.name} → ${setup.endpoint.url}${setup.endpoint.reused ? ' (reused)' : ''}`,
        step: 'endpoint',
      });
    const rule = setup.rule;
    if (rule) {
      const flattening = flatteningWord(rule.destination.replaceCount);
      rows.push(
        {
          label: 'Rule',
          value: `${rule.name} (${modeWord(setup.mode)}${rule.enabled ? '' : ', disabled'})`,
          step: 'rule',
        },
        {
          label: 'Filters',
          value: [
            `name ${rule.filters.name || '(all)'}`,
            `tag ${decorationWord(rule.filters.tag.decoration)} ${rule.filters.tag.pattern || '(all)'}`,
            rule.filters.labels.names.length > 0
              ? `labels ${decorationWord(rule.filters.labels.decoration)} ${rule.filters.labels.names.join(', ')}`
              : null,
          ]
            .filter(Boolean)
            .join(' · '),
          step: 'rule',
        },
        {
          label: 'Destination',
          value: `${destinationNamespace(rule.destination.namespace, setup)} · ${flattening}`,
          step: 'rule',
        },
        { label: 'Trigger Mode', value: setup.rule ? triggerSummary(setup.rule.trigger) : '—', step: 'rule' },
        {
          label: 'Options',
          value: [
            rule.bandwidth.unlimited
              ? 'Bandwidth unlimited'
              : `Bandwidth ${rule.bandwidth.value ?? ''} ${rule.bandwidth.unit}`,
            rule.override ? 'Override' : 'No override',
            rule.copyByChunk ? 'Copy by chunk' : null,
            rule.singleActiveReplication ? 'Single active replication' : null,
            rule.deletion ? 'Delete remote resources when locally deleted' : null,
          ]
            .filter(Boolean)
            .join(' · '),
          step: 'rule',
        },
      );
    }
  }
  return rows;
}

function HarborCard({
  side,
  setup,
  requests,
  onEdit,
}: {
  side: HarborSide;
  setup: SetupState;
  requests: Review['requests'];
  onEdit: (step: StepId) => void;
}) {
  const rows = rowsFor(setup, side);
  const mine = requests.filter((r) => r.side === side);
  return (
    <Card withBorder component="section" aria-label={`${side} Harbor`}>
      <Stack gap="sm">
        <Title order={3} size="h4" tt="capitalize">
          {side} Harbor
        </Title>
        <Table>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={`${row.label}-${row.step}`}>
                <Table.Th w={140}>{row.label}</Table.Th>
                <Table.Td>{row.value}</Table.Td>
                <Table.Td w={60}>
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    onClick={() => onEdit(row.step)}
                    aria-label={`Edit ${row.label} (${STEP_TITLES[row.step]})`}
                  >
                    Edit
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="sm" fw={600}>
          Requests to this Harbor
        </Text>
        {mine.length === 0 && <Text size="sm">None.</Text>}
        {mine.map((request) => (
          <Stack key={`${request.method} ${request.path}`} gap={4}>
            <Group gap="xs">
              <Code>
                {request.method} {request.path}
              </Code>
              <Badge color={request.done ? 'green' : 'blue'} variant="light">
                {request.done ? 'done' : 'to send'}
              </Badge>
            </Group>
            {request.body !== undefined && request.body !== null && (
              <Code
                block
                tabIndex={0}
                aria-label={`Body of ${request.method} ${request.path}`}
                // Long values (URLs, descriptions) wrap instead of widening the page.
                style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
              >
                {JSON.stringify(request.body, null, 2)}
              </Code>
            )}
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}

/** What the earlier steps already did on the Harbors, and what this step does. */
function ReviewSummary({ setup, unchanged }: { setup: SetupState; unchanged: boolean }) {
  const ruleSide = sidesFor(setup.mode).rule;
  const at = (side: HarborSide) => `on ${setup[side]?.url ?? `the ${side} Harbor`}`;
  const done = [
    setup.project &&
      `project ${setup.project.name} ${setup.project.createdByWizard ? 'created' : 'chosen'} ${at('target')}`,
    setup.robot &&
      `robot account ${setup.robot.name} ${setup.robot.reused ? 'given a new secret' : 'created'} ${at(setup.robot.side)}`,
    setup.endpoint &&
      `endpoint ${setup.endpoint.name} ${setup.endpoint.reused ? 'reused' : 'created'} ${at(setup.endpoint.side)}`,
  ].filter(Boolean);
  const ruleName = setup.rule?.name ?? '';
  const next = !setup.policy
    ? `This step creates the rule “${ruleName}” ${at(ruleSide)}.`
    : unchanged
      ? `The rule “${ruleName}” exists ${at(ruleSide)} exactly as reviewed here: nothing to send.`
      : `This step updates the rule “${ruleName}” ${at(ruleSide)} with your changes.`;
  return (
    <Alert role="note" color="blue" title="Already done">
      <Text size="sm">{done.length > 0 ? `Already done: ${done.join(', ')}.` : 'Nothing created yet.'}</Text>
      <Text size="sm" fw={600}>
        {next}
      </Text>
    </Alert>
  );
}

export function ReviewStep() {
  const { setup, completeStep, goTo } = useWizard();
  const review = useReview(setup.id);
  const create = useCreateRule(setup.id);
  const goBack = useGoBack();
  // Offer the PUT only when the draft differs from what was sent; otherwise simply go on.
  const unchanged = setup.policy !== null && createdRuleUnchanged(setup.id, setup.rule);
  const label = unchanged ? 'Next' : setup.policy ? 'Update rule' : 'Create rule';
  const requests = (review.data?.requests ?? []).filter(
    (r) => !(unchanged && !r.done && r.path.includes('/replication/policies')),
  );

  return (
    <StepLayout
      title="Review"
      description="Everything the wizard has done and will do, per Harbor, with the exact JSON each Harbor receives. Use Edit to change a step."
      busy={create.isPending ? `${setup.policy ? 'Updating' : 'Creating'} the replication rule…` : null}
    >
      {review.isPending && <PageLoader label="Loading the review…" />}
      {review.isError && (
        <ErrorCallout
          error={review.error}
          title="Could not load the review"
          onRetry={() => void review.refetch()}
        />
      )}
      {setup.rule && <ReviewSummary setup={setup} unchanged={unchanged} />}
      {review.data && (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <HarborCard side="target" setup={setup} requests={requests} onEdit={goTo} />
          <HarborCard side="source" setup={setup} requests={requests} onEdit={goTo} />
        </SimpleGrid>
      )}
      <ErrorCallout
        error={create.error}
        title="Could not create the replication rule"
        actions={
          create.error instanceof ApiRequestError &&
          create.error.body.conflict?.options.includes('rename') ? (
            <Button size="xs" variant="light" onClick={() => goTo('rule')}>
              Change the rule name
            </Button>
          ) : null
        }
      />
      <StepFooter
        label={label}
        blockedReason={nextBlockedReason([
          [!setup.rule, 'Save the replication rule first.'],
          [review.isError, 'The review could not be loaded.'],
        ])}
        loading={create.isPending}
        onBack={goBack}
        onClick={() =>
          unchanged
            ? void completeStep(setup)
            : create.mutate(undefined, {
                onSuccess: (state) => {
                  rememberCreatedRule(setup.id, state.rule);
                  void completeStep(state);
                },
              })
        }
      />
    </StepLayout>
  );
}
