// Times as machine-readable <time> elements: local for "when did it happen", UTC beside local for a
// schedule (cron runs in UTC on Harbor).
import { formatTime } from '@/features/wizard/steps/run/components/format.ts';

import { formatUtc } from '../utils/watch-words.ts';

export function LocalTime({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatTime(iso)}</time>;
}

export function UtcAndLocalTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso}>
      {formatUtc(iso)} ({formatTime(iso)} local)
    </time>
  );
}
