import { Badge, Tooltip } from '@mantine/core';

import { STATUS_COLORS } from './format.ts';

export function StatusBadge({ status, text }: { status: string; text?: string }) {
  const badge = (
    <Badge color={STATUS_COLORS[status] ?? 'gray'} variant="light" tt="none">
      {status}
    </Badge>
  );
  return text ? <Tooltip label={text}>{badge}</Tooltip> : badge;
}
