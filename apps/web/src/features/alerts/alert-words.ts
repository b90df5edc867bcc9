// Alert values in words: the format, the incident kind, one delivery's outcome.
import type { Alert, AlertTarget } from '@hw/wizard-api';

export const FORMAT_OPTIONS = [
  { value: 'json', label: 'Generic JSON' },
  { value: 'slack', label: 'Slack' },
] as const satisfies readonly { value: AlertTarget['format']; label: string }[];

export function formatWord(format: AlertTarget['format']): string {
  return FORMAT_OPTIONS.find((o) => o.value === format)?.label ?? format;
}

const KIND_WORDS: Record<Alert['kind'], string> = {
  failing: 'Failing',
  stuck: 'Stuck',
  expiring: 'Robot expiring',
  unreachable: 'Harbor unreachable',
  test: 'Test alert',
};

export function kindWord(kind: Alert['kind']): string {
  return KIND_WORDS[kind];
}

export function stateWord(state: Alert['state']): string {
  return state === 'firing' ? 'Firing' : 'Resolved';
}

type Delivery = Alert['deliveries'][number];

function attempts(n: number): string {
  return `${n} ${n === 1 ? 'attempt' : 'attempts'}`;
}

/** "Sent (1 attempt)", "Failed after 3 attempts: HTTP 500", "Pending (2 attempts so far)". */
export function deliveryWords(delivery: Delivery): string {
  switch (delivery.status) {
    case 'sent':
      return `Sent (${attempts(delivery.attempts)})`;
    case 'failed':
      return `Failed after ${attempts(delivery.attempts)}${delivery.lastError ? `: ${delivery.lastError}` : ''}`;
    default:
      return `Pending (${attempts(delivery.attempts)} so far${delivery.lastError ? `; last error: ${delivery.lastError}` : ''})`;
  }
}
