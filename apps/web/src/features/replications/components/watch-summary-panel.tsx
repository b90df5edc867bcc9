// A watch at a glance: the verdict and its reason, every condition the last poll saw (with its
// severity), the robots' expiry and the Harbors' health.
import type { WatchSummary } from '@hw/wizard-api';
import { Badge, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';

import { EndpointHealth } from './endpoint-health.tsx';
import { RobotExpiry } from './robot-expiry.tsx';
import { RuleCell } from './rule-cell.tsx';
import { LocalTime } from './times.tsx';
import { VerdictBadge } from './verdict-badge.tsx';
import { VERDICTS } from '../utils/watch-words.ts';

const SEVERITY = {
  alert: { label: 'Alert', color: 'red' },
  warning: { label: 'Warning', color: 'yellow' },
} as const;

export function WatchSummaryPanel({ watch, nowMs }: { watch: WatchSummary; nowMs: number }) {
  return (
    <Card withBorder component="section" aria-label="Summary">
      <Stack gap="md">
        <Group gap="sm">
          <VerdictBadge verdict={watch.verdict} />
          <Text>{watch.reason}</Text>
        </Group>
        {watch.conditions.length > 0 && (
          <Stack gap={4}>
            <Title order={3} size="h5" id="conditions-title">
              Conditions
            </Title>
            <List spacing={4} aria-labelledby="conditions-title">
              {watch.conditions.map((c) => (
                <List.Item key={`${c.kind}-${c.since}-${c.message}`}>
                  <Group gap="xs" wrap="nowrap" align="flex-start">
                    <Badge size="sm" variant="light" tt="none" color={SEVERITY[c.severity].color}>
                      {SEVERITY[c.severity].label}
                    </Badge>
                    <Text size="sm">
                      {VERDICTS[c.kind].label}: {c.message} (since <LocalTime iso={c.since} />)
                    </Text>
                  </Group>
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <RuleCell watch={watch} linked={false} />
          <RobotExpiry watch={watch} nowMs={nowMs} />
          <EndpointHealth watch={watch} />
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          {watch.polledAt ? (
            <>
              Last checked <LocalTime iso={watch.polledAt} />
            </>
          ) : (
            'Not checked yet'
          )}
          {watch.nextPollAt && (
            <>
              {' '}
              · next check <LocalTime iso={watch.nextPollAt} />
            </>
          )}
          {' · '}
          {watch.consecutiveFailures} failed runs in a row
        </Text>
      </Stack>
    </Card>
  );
}
