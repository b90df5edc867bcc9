// The plan and its progress: each step with the Harbor it acts on, whether it changes anything
// there, its status in words, and on failure Harbor's own message and what to do next.
import type { RepairStep } from '@hw/wizard-api';
import { Badge, Code, Group, List, Stack, Text } from '@mantine/core';

import { STEP_STATUS_WORDS, sideWord } from '../repair-words.ts';

const STATUS_COLORS: Record<RepairStep['status'], string> = {
  pending: 'gray',
  running: 'blue',
  done: 'green',
  failed: 'red',
  skipped: 'gray',
};

function StepItem({ step, index }: { step: RepairStep; index: number }) {
  return (
    <List.Item aria-label={`Step ${index + 1}: ${step.title}`}>
      <Stack gap={4}>
        <Group gap="xs" wrap="nowrap" align="baseline">
          <Text fw={600}>
            {index + 1}. {step.title}
          </Text>
          <Badge color={STATUS_COLORS[step.status]} variant="light">
            {STEP_STATUS_WORDS[step.status]}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {sideWord(step.side)}
          {step.side && (step.changes ? ': changes it' : ': reads only')}
        </Text>
        {step.detail && <Text size="sm">{step.detail}</Text>}
        {step.status === 'failed' && (
          <Stack gap={4}>
            {step.harborMessage && (
              <div>
                <Text size="sm" fw={600}>
                  Harbor answered
                </Text>
                <Code block>{step.harborMessage}</Code>
              </div>
            )}
            {step.next && (
              <Text size="sm">
                <strong>What to do next:</strong> {step.next}
              </Text>
            )}
          </Stack>
        )}
      </Stack>
    </List.Item>
  );
}

export function RepairSteps({ steps }: { steps: readonly RepairStep[] }) {
  return (
    <List type="ordered" listStyleType="none" spacing="md" aria-label="Steps">
      {steps.map((step, index) => (
        <StepItem key={step.id} step={step} index={index} />
      ))}
    </List>
  );
}
