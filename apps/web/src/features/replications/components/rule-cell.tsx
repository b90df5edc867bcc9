// Which rule: its name (the link to the detail), the two Harbors, mode, trigger and next run.
import type { WatchSummary } from '@hw/wizard-api';
import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'wouter';

import { paths } from '@/config/paths.ts';
import { triggerWord } from '@/features/wizard/utils/harbor-words.ts';

import { UtcAndLocalTime } from './times.tsx';

/** `linked`: the name opens the detail page (not on the detail page itself). */
export function RuleCell({ watch, linked = true }: { watch: WatchSummary; linked?: boolean }) {
  const { rule } = watch;
  return (
    <Stack gap={2}>
      {linked ? (
        <Anchor component={Link} href={paths.replication.href(watch.id)} fw={600}>
          {rule.name}
        </Anchor>
      ) : (
        <Text fw={600}>{rule.name}</Text>
      )}
      {watch.name !== rule.name && (
        <Text size="xs" c="dimmed">
          Setup “{watch.name}”
        </Text>
      )}
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {watch.sourceUrl} → {watch.targetUrl}
      </Text>
      <Text size="sm">
        {watch.mode === 'push' ? 'Push' : 'Pull'} · {triggerWord(rule.trigger)}
        {rule.cron ? ` (${rule.cron})` : ''}
        {rule.enabled ? '' : ' · disabled'}
      </Text>
      {rule.nextRunAt && (
        <Text size="sm">
          Next run <UtcAndLocalTime iso={rule.nextRunAt} />
        </Text>
      )}
    </Stack>
  );
}
