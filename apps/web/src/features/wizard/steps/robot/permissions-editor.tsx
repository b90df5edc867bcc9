// Advanced: the robot's permissions as Harbor's resource × action grid, starting from the preset.
import { Checkbox, Table, Text } from '@mantine/core';
import { TableHead } from '@/components/table-head.tsx';

export type Access = { resource: string; action: string };

// The project-level permissions that matter for replication (Harbor's robot permission panel).
const GRID: { resource: string; actions: string[] }[] = [
  { resource: 'repository', actions: ['list', 'pull', 'push', 'delete'] },
  { resource: 'artifact', actions: ['list', 'read', 'delete'] },
  { resource: 'tag', actions: ['list', 'create', 'delete'] },
  { resource: 'artifact-label', actions: ['create', 'delete'] },
];

export function PermissionsEditor({
  value,
  onChange,
}: {
  value: Access[];
  onChange: (next: Access[]) => void;
}) {
  const has = (resource: string, action: string) =>
    value.some((a) => a.resource === resource && a.action === action);
  const toggle = (resource: string, action: string, on: boolean) =>
    onChange(
      on
        ? [...value, { resource, action }]
        : value.filter((a) => !(a.resource === resource && a.action === action)),
    );
  return (
    <Table withTableBorder aria-label="Robot permissions">
      <TableHead columns={['Resource', 'Actions']} />
      <Table.Tbody>
        {GRID.map((row) => (
          <Table.Tr key={row.resource}>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {row.resource}
              </Text>
            </Table.Td>
            <Table.Td>
              {row.actions.map((action) => (
                <Checkbox
                  key={action}
                  display="inline-block"
                  mr="md"
                  label={action}
                  aria-label={`${row.resource} ${action}`}
                  checked={has(row.resource, action)}
                  onChange={(event) => toggle(row.resource, action, event.currentTarget.checked)}
                />
              ))}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
