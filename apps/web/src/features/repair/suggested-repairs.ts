// Which repairs answer what the watch sees now; pure, so the Replications table can offer them
// without loading the repair pages.
import type { RepairKind, WatchSummary } from '@hw/wizard-api';

export const REPAIR_KIND_ORDER: readonly RepairKind[] = ['rotate', 'extend', 'fix-permissions', 'unstick'];

/** Harbor reports a robot lacking a permission as 401/403, "unauthorized", "denied" or "forbidden". */
const PERMISSION_PROBLEM = /\b(401|403)\b|unauthori[sz]ed|denied|forbidden|permission/i;

/** Expiring → extend or rotate; stuck → unstick; failing for a permission → fix permissions. */
export function suggestedRepairs(watch: WatchSummary): RepairKind[] {
  const kinds = new Set<RepairKind>();
  for (const condition of watch.conditions) {
    if (condition.kind === 'expiring') {
      kinds.add('extend');
      kinds.add('rotate');
    }
    if (condition.kind === 'stuck') kinds.add('unstick');
    if (condition.kind === 'failing' && PERMISSION_PROBLEM.test(`${condition.message} ${watch.reason}`))
      kinds.add('fix-permissions');
  }
  return REPAIR_KIND_ORDER.filter((k) => kinds.has(k));
}

/** The labels of the flows, the same on the Repair menu and the table's shortcuts. */
export const REPAIR_LABELS: Record<RepairKind, string> = {
  rotate: 'Rotate the secret',
  extend: 'Extend the expiry',
  'fix-permissions': 'Fix permissions',
  unstick: 'Unstick a run',
};
