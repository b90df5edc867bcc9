import { Badge, Tooltip } from '@mantine/core';

import { STATUS_COLORS } from '@/features/wizard/steps/run/components/format.ts';
import { statusWord } from '@/features/wizard/utils/harbor-words.ts';

/** Harbor's status in words and in its colour; never truncated (see the Badge defaults in the theme). */
export function StatusBadge({ status, text }: { status: string; text?: string }) {
  const badge = (
    <Badge color={STATUS_COLORS[status] ?? 'gray'} variant="light" tt="none" data-status={status}>
      {statusWord(status)}
    </Badge>
  );
  return text ? <Tooltip label={text}>{badge}</Tooltip> : badge;
}
