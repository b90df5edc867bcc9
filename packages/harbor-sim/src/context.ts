import type { HarborAuthMode, HarborCapabilities, HarborVersion } from './harbor-rules.ts';
import type { Store } from './state/store.ts';

/** What every route and the replication engine share within one simulated Harbor. */
export type SimContext = {
  name: string;
  store: Store;
  version: HarborVersion;
  capabilities: HarborCapabilities;
  /** `v2.15.2-080b0220`: what authenticated `/systeminfo` reports. */
  harborVersion: string;
  now(): Date;
  /** The instance's own base URL (known once it listens). */
  baseUrl(): string;
  /** HMAC key of the registry token service. */
  tokenKey: Buffer;
  /** Divides every simulated transfer delay (speed limits), so tests stay fast. */
  transferTimeScale: number;
  /** Finished executions the sweeper keeps per replication rule (REPLICATION_EXECUTION_RETENTION_COUNT). */
  replicationExecutionRetention: number;
  /** What systeminfo reports as `auth_mode`, public to anonymous callers. */
  authMode: HarborAuthMode;
};
