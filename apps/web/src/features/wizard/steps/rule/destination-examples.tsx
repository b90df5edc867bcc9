// Where real source repositories would land with the chosen namespace and flattening.
import { destinationRepository } from '@hw/harbor-client';
import { Code, List, Text } from '@mantine/core';

export function DestinationExamples({
  samples,
  namespace,
  replaceCount,
}: {
  samples: string[];
  namespace: string;
  replaceCount: number;
}) {
  if (samples.length === 0) return null;
  return (
    <div aria-label="Destination examples" role="group">
      <Text size="sm" fw={500}>
        Examples from the source
      </Text>
      <Text size="xs" c="dimmed">
        A few of the source&apos;s repositories, matched by the filters or not, to show the flattening; the
        preview lists what the rule will copy.
      </Text>
      <List size="sm" spacing={2}>
        {samples.map((source) => {
          const result = destinationRepository(source, namespace, replaceCount);
          return (
            <List.Item key={source}>
              <Code>{source}</Code> →{' '}
              {result.ok ? (
                <Code>{result.name}</Code>
              ) : (
                <Text span c="red" size="sm">
                  fails: {result.message}
                </Text>
              )}
            </List.Item>
          );
        })}
      </List>
    </div>
  );
}
