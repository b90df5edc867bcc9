// The connection test as a checklist: each layer with pass/fail, what it found, the cause and the fix.
import type { ConnectionCheck } from '@hw/wizard-api';
import { Badge, Group, Stack, Text, ThemeIcon, Timeline } from '@mantine/core';
import IconAlertTriangle from '@tabler/icons-react/icons/IconAlertTriangle';
import IconCheck from '@tabler/icons-react/icons/IconCheck';
import IconMinus from '@tabler/icons-react/icons/IconMinus';
import IconX from '@tabler/icons-react/icons/IconX';

const STATUS = {
  pass: { color: 'green', label: 'passed', icon: IconCheck },
  fail: { color: 'red', label: 'failed', icon: IconX },
  warn: { color: 'yellow', label: 'warning', icon: IconAlertTriangle },
  skip: { color: 'gray', label: 'skipped', icon: IconMinus },
} as const;

export function CheckList({ checks }: { checks: ConnectionCheck[] }) {
  return (
    <Timeline bulletSize={26} lineWidth={2} aria-label="Connection checks">
      {checks.map((check) => {
        const status = STATUS[check.status];
        const Icon = status.icon;
        return (
          <Timeline.Item
            key={check.id}
            bullet={
              <ThemeIcon size={26} radius="xl" color={status.color} aria-hidden>
                <Icon size={16} />
              </ThemeIcon>
            }
            title={
              <Group gap="xs">
                <Text fw={600}>{check.title}</Text>
                <Badge color={status.color} variant="light">
                  {status.label}
                </Badge>
              </Group>
            }
          >
            <Stack gap={2} role="group" aria-label={`${check.title}: ${status.label}`}>
              <Text size="sm">{check.detail}</Text>
              {check.cause && (
                <Text size="sm">
                  <strong>Cause: </strong>
                  {check.cause}
                </Text>
              )}
              {check.fix && (
                <Text size="sm">
                  <strong>Fix: </strong>
                  {check.fix}
                </Text>
              )}
            </Stack>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
