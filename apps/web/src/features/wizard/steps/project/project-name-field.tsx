// A project name typed with the matching projects of that Harbor as suggestions, and what the
// wizard will do with the name (use the project or create it).
import type { HarborSide } from '@hw/wizard-api';
import { Button, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useController } from 'react-hook-form';

import { useProjects } from '@/features/wizard/steps/project/api/get-projects.ts';
import type { ProjectFormInput } from '@/features/wizard/steps/project/project-form.ts';

export function ProjectNameField({
  name,
  label,
  description,
  side,
  setupId,
}: {
  name: 'name' | 'sourceProject';
  label: string;
  description: string;
  side: HarborSide;
  setupId: string;
}) {
  // The ref apart: react-hooks/refs takes any object that holds a ref for a ref read during render.
  const {
    field: { ref, ...field },
    fieldState,
  } = useController<ProjectFormInput, typeof name>({ name });
  const value = field.value ?? '';
  const [search] = useDebouncedValue(value.trim(), 300);
  const projects = useProjects(setupId, side, search);
  const matches = (projects.data?.items ?? []).filter((p) => p.name !== value.trim()).slice(0, 8);
  const listId = `${name}-existing-projects`;
  return (
    <Stack gap={6}>
      {/* A plain text field with the search results as suggestions: one labelled control. */}
      <TextInput
        label={label}
        description={description}
        required
        value={value}
        onChange={field.onChange}
        onBlur={field.onBlur}
        ref={ref}
        error={fieldState.error?.message}
        list={listId}
        autoComplete="off"
        rightSection={projects.isFetching ? <Loader size="xs" aria-label="Searching projects" /> : null}
      />
      <datalist id={listId}>
        {matches.map((p) => (
          <option key={p.id} value={p.name} />
        ))}
      </datalist>
      {matches.length > 0 && (
        <Group gap={6} role="group" aria-label={`Existing projects on the ${side} Harbor`}>
          <Text size="xs" c="dimmed">
            Existing:
          </Text>
          {matches.map((p) => (
            <Button
              key={p.id}
              size="compact-xs"
              variant="light"
              onClick={() => field.onChange(p.name)}
              aria-label={`Use project ${p.name}`}
            >
              {p.name} ({p.repoCount} repositories{p.public ? ', public' : ''})
            </Button>
          ))}
        </Group>
      )}
    </Stack>
  );
}

export function ExistenceNote({
  checking,
  exists,
  failed,
  side,
}: {
  checking: boolean;
  exists?: boolean;
  failed: boolean;
  side: HarborSide;
}) {
  if (checking)
    return (
      <Text size="sm" role="status">
        Checking the {side} Harbor…
      </Text>
    );
  if (failed) return null;
  if (exists === undefined) return null;
  return (
    <Text size="sm" role="status" fw={500}>
      {exists
        ? `This project exists on the ${side} Harbor: the wizard will use it.`
        : `This project does not exist yet: the wizard will create it on the ${side} Harbor.`}
    </Text>
  );
}
