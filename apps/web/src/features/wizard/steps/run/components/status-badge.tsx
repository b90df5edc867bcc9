import { Badge, Tooltip } from '@mantine/core';

import { STATUS_COLORS } from './format.ts';

/** Harbor's status word in its colour; never truncated (see the Badge defaults in the theme). */
export function StatusBadge({ status, text }: { status: string; text?: string }) {
  const badge = (
    <Badge color={STATUS_COLORS[status] ?? 'gray'} variant="light" tt="none" data-status={status}>
      {status}
    </Badge>
  );
  return text ? <Tooltip label={text}>{badge}</Tooltip> : badge;
}
