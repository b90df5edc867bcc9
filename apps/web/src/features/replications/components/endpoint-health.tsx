// Whether both Harbors answered the last poll, and Harbor's own view of the rule's endpoint.
import type { WatchSummary } from '@hw/wizard-api';
import { List, Text } from '@mantine/core';

const HEALTH_WORDS: Record<WatchSummary['endpoint']['health'], string> = {
  healthy: 'healthy',
  unhealthy: 'unhealthy',
  unknown: 'health unknown',
};

export function EndpointHealth({ watch }: { watch: WatchSummary }) {
  return (
    <List size="sm" listStyleType="none" spacing={2}>
      <List.Item>
        Endpoint “{watch.endpoint.name}”:{' '}
        <Text span inherit c={watch.endpoint.health === 'unhealthy' ? 'red' : undefined}>
          {HEALTH_WORDS[watch.endpoint.health]}
        </Text>
      </List.Item>
      {watch.harbors.map((h) => (
        <List.Item key={h.side}>
          {h.side === 'source' ? 'Source' : 'Target'} Harbor:{' '}
          {h.reachable === null ? (
            'not polled yet'
          ) : h.reachable ? (
            'reachable'
          ) : (
            <Text span inherit c="red">
              unreachable{h.error ? ` (${h.error})` : ''}
            </Text>
          )}
        </List.Item>
      ))}
    </List>
  );
}
