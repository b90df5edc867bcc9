import { Text } from '@mantine/core';

export function ConnectionTestStep() {
  return <Text>This step is not built yet.</Text>;
}
