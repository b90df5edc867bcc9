import { Text } from '@mantine/core';

export function CredentialsStep() {
  return <Text>This step is not built yet.</Text>;
}
