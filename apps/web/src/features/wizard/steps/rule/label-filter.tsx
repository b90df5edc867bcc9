// Harbor's label filter as a searchable multi-select of the source's global labels, each shown with
// its colour (as in the portal). Built from Mantine's Combobox so the pills can carry the colour too.
// Keyboard: arrows + Enter toggle a label in the list, Backspace in the empty search drops the last.
import type { labelOptionSchema } from '@hw/wizard-api';
import { CheckIcon, ColorSwatch, Combobox, Group, Pill, PillsInput, Text, useCombobox } from '@mantine/core';
import { useState } from 'react';
import type { z } from 'zod';

type LabelOption = z.infer<typeof labelOptionSchema>;

type Props = {
  labels: readonly LabelOption[];
  value: readonly string[];
  onChange: (names: string[]) => void;
  description: string;
  loading?: boolean;
};

const MAX_SHOWN = 8;

/** Harbor stores colours as "#RRGGBB"; an empty or odd value shows as a neutral swatch. */
function swatchColor(color: string): string {
  return /^#[0-9a-f]{3,8}$/i.test(color) ? color : 'var(--mantine-color-gray-5)';
}

export function LabelFilter({ labels, value, onChange, description, loading = false }: Props) {
  const [search, setSearch] = useState('');
  const combobox = useCombobox({
    onDropdownClose: () => combobox.resetSelectedOption(),
    onDropdownOpen: () => combobox.updateSelectedOptionIndex('active'),
  });
  const byName = new Map(labels.map((l) => [l.name, l]));
  const toggle = (name: string) =>
    onChange(value.includes(name) ? value.filter((v) => v !== name) : [...value, name]);
  const query = search.trim().toLowerCase();
  const matching = labels.filter(
    (l) => l.name.toLowerCase().includes(query) || l.description.toLowerCase().includes(query),
  );
  // A short list and a search instead of a scrolling box: a scroll region inside the dropdown cannot
  // take the keyboard focus (the focus stays in the search field).
  const shown = matching.slice(0, MAX_SHOWN);

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(name) => {
        toggle(name);
        setSearch('');
      }}
      withinPortal={false}
    >
      <Combobox.DropdownTarget>
        <PillsInput
          style={{ flex: 1, minWidth: 220 }}
          label="Label filter"
          description={description}
          onClick={() => combobox.openDropdown()}
          disabled={loading}
        >
          <Pill.Group>
            {value.map((name) => (
              <Pill key={name} withRemoveButton onRemove={() => toggle(name)}>
                <Group gap={4} wrap="nowrap" component="span">
                  <ColorSwatch
                    component="span"
                    size={10}
                    color={swatchColor(byName.get(name)?.color ?? '')}
                  />
                  {name}
                </Group>
              </Pill>
            ))}
            <Combobox.EventsTarget>
              <PillsInput.Field
                value={search}
                placeholder={value.length === 0 ? 'Search labels' : undefined}
                onFocus={() => combobox.openDropdown()}
                onBlur={() => combobox.closeDropdown()}
                onChange={(event) => {
                  combobox.updateSelectedOptionIndex();
                  combobox.openDropdown();
                  setSearch(event.currentTarget.value);
                }}
                onKeyDown={(event) => {
                  const last = value.at(-1);
                  if (event.key === 'Backspace' && search.length === 0 && last !== undefined) {
                    event.preventDefault();
                    toggle(last);
                  }
                }}
              />
            </Combobox.EventsTarget>
          </Pill.Group>
        </PillsInput>
      </Combobox.DropdownTarget>

      <Combobox.Dropdown>
        <Combobox.Options aria-label="Labels">
          {shown.length === 0 ? (
            <Combobox.Empty>
              {labels.length === 0 ? 'This Harbor has no global labels.' : 'No label matches.'}
            </Combobox.Empty>
          ) : (
            shown.map((l) => {
              const selected = value.includes(l.name);
              return (
                <Combobox.Option value={l.name} key={l.name} active={selected} aria-selected={selected}>
                  <Group gap="sm" wrap="nowrap">
                    <span style={{ width: 12, display: 'inline-flex' }}>
                      {selected && <CheckIcon size={12} />}
                    </span>
                    <ColorSwatch component="span" size={14} color={swatchColor(l.color)} />
                    <div>
                      <Text size="sm">{l.name}</Text>
                      {l.description && (
                        <Text size="xs" c="dimmed">
                          {l.description}
                        </Text>
                      )}
                    </div>
                  </Group>
                </Combobox.Option>
              );
            })
          )}
        </Combobox.Options>
        {matching.length > shown.length && (
          <Combobox.Footer>
            <Text size="xs" c="dimmed">
              {matching.length - shown.length} more: type to narrow the list.
            </Text>
          </Combobox.Footer>
        )}
      </Combobox.Dropdown>
    </Combobox>
  );
}
