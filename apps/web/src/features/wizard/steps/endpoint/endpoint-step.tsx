import { Text } from '@mantine/core';

export function EndpointStep() {
  return <Text>This step is not built yet.</Text>;
}
