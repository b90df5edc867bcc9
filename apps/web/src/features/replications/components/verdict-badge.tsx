import type { WatchVerdict } from '@hw/wizard-api';
import { Badge } from '@mantine/core';

import { VERDICTS } from '../utils/watch-words.ts';

/** The verdict in words (Healthy, Failing, …) and in its colour. */
export function VerdictBadge({ verdict }: { verdict: WatchVerdict }) {
  const { label, color } = VERDICTS[verdict];
  return (
    <Badge color={color} variant="filled" tt="none" data-verdict={verdict}>
      {label}
    </Badge>
  );
}
