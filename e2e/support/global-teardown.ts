// Removes the run's data directory (sessions, encrypted secrets, the web app copy) after the run.
import { rmSync } from 'node:fs';

export default function globalTeardown(): void {
  const dataDir = process.env.E2E_DATA_DIR;
  if (dataDir && process.env.E2E_REMOVE_DATA_DIR === '1') rmSync(dataDir, { recursive: true, force: true });
}
