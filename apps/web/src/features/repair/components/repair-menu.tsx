// "Repair" on a watched rule: the four flows, the ones that fit its verdict first, and a link back
// to a flow left unfinished.
import type { RepairKind, WatchSummary } from '@hw/wizard-api';
import { Alert, Anchor, Button, Group, Menu, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'wouter';

import { paths } from '@/config/paths.ts';

import { useWatchRepairs } from '../api/repairs.ts';
import { REPAIR_KIND_ORDER, REPAIR_KINDS, isFinished } from '../repair-words.ts';
import { RepairStartDialog } from './repair-start-dialog.tsx';

/** The flows that answer what the watch sees now (expiring → extend or rotate, …). */
export function suggestedRepairs(watch: WatchSummary): RepairKind[] {
  const kinds = new Set<RepairKind>();
  for (const condition of watch.conditions) {
    if (condition.kind === 'expiring') {
      kinds.add('extend');
      kinds.add('rotate');
    }
    if (condition.kind === 'stuck') kinds.add('unstick');
    // Harbor reports a robot lacking a permission as 401/403 or "unauthorized"/"denied".
    if (
      condition.kind === 'failing' &&
      /\b(401|403)\b|unauthori[sz]ed|denied|forbidden|permission/i.test(
        `${condition.message} ${watch.reason}`,
      )
    )
      kinds.add('fix-permissions');
  }
  return REPAIR_KIND_ORDER.filter((k) => kinds.has(k));
}

export function RepairMenu({ watch }: { watch: WatchSummary }) {
  const [kind, setKind] = useState<RepairKind | null>(null);
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
