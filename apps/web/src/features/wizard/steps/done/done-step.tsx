import { Text } from '@mantine/core';

export function DoneStep() {
  return <Text>This step is not built yet.</Text>;
}
