import { Badge, Tooltip } from '@mantine/core';

import { STATUS_COLORS } from './format.ts';

// Mantine's badge ellipsises its label when a table column is squeezed ("Suc…"); a status is never
// cut: the badge keeps its full width and the column grows instead.
const NO_TRUNCATE = {
  root: { overflow: 'visible', flexShrink: 0, minWidth: 'max-content' },
  label: { overflow: 'visible', textOverflow: 'clip' },
} as const;

export function StatusBadge({ status, text }: { status: string; text?: string }) {
  const badge = (
    <Badge
      color={STATUS_COLORS[status] ?? 'gray'}
      variant="light"
      tt="none"
      styles={NO_TRUNCATE}
      data-status={status}
    >
      {status}
    </Badge>
  );
  return text ? <Tooltip label={text}>{badge}</Tooltip> : badge;
}
