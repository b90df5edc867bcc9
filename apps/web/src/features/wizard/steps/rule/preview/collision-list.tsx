// Which source repositories land on the same destination: every collision of the preview, not only
// those of the page shown, with all its source paths.
import type { Collision } from '@hw/wizard-api';
import { Code, List, Text } from '@mantine/core';

/** Enough to see the pattern; the table and the totals carry the rest. */
const COLLISIONS_SHOWN = 10;

function sourcesInWords(sources: string[]) {
  return sources.map((source, i) => (
    <span key={source}>
      {i > 0 && (i === sources.length - 1 ? ' and ' : ', ')}
      <Code>{source}</Code>
    </span>
  ));
}

export function CollisionList({ collisions }: { collisions: Collision[] }) {
  if (collisions.length === 0) return null;
  const hidden = collisions.length - COLLISIONS_SHOWN;
  return (
    <>
      <List size="sm" aria-label="Collisions" spacing={4}>
        {collisions.slice(0, COLLISIONS_SHOWN).map((collision) => (
          <List.Item key={collision.destination}>
            {sourcesInWords(collision.sources)} {collision.sources.length === 2 ? 'both' : 'all'} land on{' '}
            <Code>{collision.destination}</Code>
          </List.Item>
        ))}
      </List>
      {hidden > 0 && (
        <Text size="sm">
          …and {hidden} more {hidden === 1 ? 'destination' : 'destinations'} with several sources.
        </Text>
      )}
    </>
  );
}
