import { Text } from '@mantine/core';

export function RunStep() {
  return <Text>This step is not built yet.</Text>;
}
