// Warnings shown as one note with a bulleted list; nothing at all when there are none.
import { Alert, List } from '@mantine/core';

export function WarningsNote({ title, warnings }: { title: string; warnings: readonly string[] }) {
  if (warnings.length === 0) return null;
  return (
    <Alert role="note" color="yellow" title={title}>
      <List size="sm">
        {warnings.map((w) => (
          <List.Item key={w}>{w}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
