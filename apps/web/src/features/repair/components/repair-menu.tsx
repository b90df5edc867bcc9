// "Repair" on a watched rule: the four flows, the ones that fit its verdict first, and a link back
// to a flow left unfinished.
import type { RepairKind, WatchSummary } from '@hw/wizard-api';
import { Alert, Anchor, Button, Group, Menu, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'wouter';

import { paths } from '@/config/paths.ts';

import { useWatchRepairs } from '../api/repairs.ts';
import { REPAIR_KINDS, isFinished } from '../repair-words.ts';
import { REPAIR_KIND_ORDER, suggestedRepairs } from '../suggested-repairs.ts';
import { RepairStartDialog } from './repair-start-dialog.tsx';

/** `initialKind`: the flow a shortcut of the Replications table asked for, opened at once. */
export function RepairMenu({ watch, initialKind }: { watch: WatchSummary; initialKind?: RepairKind }) {
  const [kind, setKind] = useState<RepairKind | null>(initialKind ?? null);
  const repairs = useWatchRepairs(watch.id);
  // A plan never started changed nothing: only a flow under way is worth coming back to.
  const unfinished = repairs.data?.find((flow) => flow.status !== 'planned' && !isFinished(flow));
  const suggested = suggestedRepairs(watch);
  return (
    <>
      {unfinished && (
        <Alert color="yellow" variant="light" title="A repair is not finished">
          <Text size="sm">
            {REPAIR_KINDS[unfinished.kind].label}: {unfinished.summary}{' '}
            <Anchor component={Link} href={paths.repair.href(watch.id, unfinished.id)}>
              Continue the repair
            </Anchor>
          </Text>
        </Alert>
      )}
      <Group gap="xs">
        {suggested.map((k) => (
          <Button key={k} variant="light" size="xs" onClick={() => setKind(k)}>
            {REPAIR_KINDS[k].label}
          </Button>
        ))}
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="default">Repair</Button>
          </Menu.Target>
          <Menu.Dropdown>
            {REPAIR_KIND_ORDER.map((k) => (
              <Menu.Item key={k} onClick={() => setKind(k)}>
                {REPAIR_KINDS[k].label}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>
      {kind && <RepairStartDialog watchId={watch.id} kind={kind} onClose={() => setKind(null)} />}
    </>
  );
}
