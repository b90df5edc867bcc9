// The watch plan in words, before anything is created: per Harbor, the robot's name and what it
// may do, then what it may not do and what this Harbor's version cannot give.
import type { WatchPlan, WatchRobotPlan } from '@hw/wizard-api';
import { Alert, Code, List, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';

function harborLabel(robot: WatchRobotPlan): string {
  const side = robot.side === 'source' ? 'Source' : 'Target';
  const version = robot.harborVersion ? `, Harbor ${robot.harborVersion}` : '';
  return `${side} Harbor (${robot.harborUrl}${version})`;
}

/** Harbor's own terms, for operators who check them in the portal: "system: replication read, list". */
function permissionTerms(robot: WatchRobotPlan): string {
  return robot.permissions
    .map((p) => {
      const scope = p.kind === 'system' ? 'system' : `project ${p.namespace}`;
      return `${scope}: ${p.access.map((a) => `${a.resource} ${a.action}`).join(', ')}`;
    })
    .join('; ');
}

function expiryWords(days: number): string {
  return days === -1 ? 'never expire' : `expire after ${days} days`;
}

export function WatchPlanView({ plan }: { plan: WatchPlan }) {
  const id = useId();
  if (!plan.possible) {
    return (
      <Alert role="note" color="orange" title="This replication cannot be watched">
        {plan.message ?? 'The server cannot create a read-only watch robot on these Harbors.'}
      </Alert>
    );
  }
  return (
    <Stack gap="sm">
      {plan.message && <Text size="sm">{plan.message}</Text>}
      <Stack gap={4} component="section" aria-labelledby={`${id}-can`}>
        <Title order={4} size="h5" id={`${id}-can`}>
          What the watch robots can do
        </Title>
        <Text size="sm" c="dimmed">
          One {plan.robots.length === 1 ? 'robot' : 'robot per Harbor'}, read and list only; they{' '}
          {expiryWords(plan.durationDays)}.
        </Text>
        {plan.robots.map((robot) => (
          <Stack gap={2} key={`can-${robot.side}`}>
            <Text size="sm" fw={600}>
              {harborLabel(robot)}: <Code>{robot.name}</Code> ({robot.level}-level robot)
            </Text>
            <List size="sm" withPadding>
              {robot.can.map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
            {robot.permissions.length > 0 && (
              <Text size="xs" c="dimmed">
                In Harbor&apos;s terms: {permissionTerms(robot)}
              </Text>
            )}
          </Stack>
        ))}
      </Stack>
      <Stack gap={4} component="section" aria-labelledby={`${id}-cannot`}>
        <Title order={4} size="h5" id={`${id}-cannot`}>
          What they cannot do
        </Title>
        {plan.robots.map((robot) => (
          <Stack gap={2} key={`cannot-${robot.side}`}>
            <Text size="sm" fw={600}>
              {harborLabel(robot)}
            </Text>
            <List size="sm" withPadding>
              {robot.cannot.map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
              {robot.limitations.map((line) => (
                <List.Item key={line}>Limitation of this Harbor: {line}</List.Item>
              ))}
            </List>
          </Stack>
        ))}
      </Stack>
    </Stack>
  );
}
