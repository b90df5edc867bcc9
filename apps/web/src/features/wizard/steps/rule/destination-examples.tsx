// Where real source repositories would land with the chosen namespace and flattening: only those
// the name filter matches (the rule copies nothing else) and that the preview does not already show.
import { destinationRepository, repositoryMatchesFilters } from '@hw/harbor-client';
import { Code, List, Text } from '@mantine/core';

export function DestinationExamples({
  samples,
  nameFilter,
  previewed,
  namespace,
  replaceCount,
}: {
  samples: string[];
  /** The rule's name filter (Harbor's doublestar glob); empty matches every repository. */
  nameFilter: string;
  /** Source repositories the preview lists right now. */
  previewed: readonly string[];
  namespace: string;
  replaceCount: number;
}) {
  const shown = samples.filter(
    (source) =>
      !previewed.includes(source) &&
      repositoryMatchesFilters([{ type: 'name', value: nameFilter.trim() }], source),
  );
  if (shown.length === 0) return null;
  return (
    <div aria-label="Destination examples" role="group">
      <Text size="sm" fw={500}>
        Examples from the source
      </Text>
      <Text size="xs" c="dimmed">
        More of the source&apos;s repositories that the name filter matches, beyond those the preview lists,
        to show the flattening.
      </Text>
      <List size="sm" spacing={2}>
        {shown.map((source) => {
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
