import { badRequest, internal } from '../http/errors.ts';
import type { RegistryRecord } from '../state/model.ts';
import type { Store } from '../state/store.ts';
import { RemoteHarbor, remoteFailureToHttpError } from './remote-harbor.ts';

/** Adapter types this Harbor build registers; any other type has no factory (a plain error, 500). */
export const KNOWN_TYPES = new Set([
  'ali-acr',
  'aws-ecr',
  'azure-acr',
  'docker-hub',
  'docker-registry',
  'dtr',
  'github-ghcr',
  'gitlab',
  'google-gcr',
  'harbor',
  'huawei-SWR',
  'jfrog-artifactory',
  'quay',
  'tencent-tcr',
  'volcengine-cr',
]);

/** What the health check reads of a registry: a stored record or a candidate not yet stored. */
export type Candidate = Pick<
  RegistryRecord,
  'type' | 'url' | 'insecure' | 'caCertificate' | 'credentialType' | 'accessKey' | 'accessSecret'
>;

/** `IsHealthy` of a `harbor` registry: the `/api/version` probe, then the health check (§7). */
export async function checkHealth(c: Candidate): Promise<void> {
  if (!KNOWN_TYPES.has(c.type)) throw internal(`adapter factory for ${c.type} not found`);
  const credential = c.accessKey ? { username: c.accessKey, password: c.accessSecret } : undefined;
  const remote = new RemoteHarbor(c.url, credential, c);
  try {
    await remote.apiVersion();
  } catch (error) {
    throw remoteFailureToHttpError(error);
  }
  if (!(await remote.healthy())) throw badRequest('the registry is unhealthy');
}

/** The background job that re-checks every registry and stores `healthy`/`unhealthy` (every 5 minutes in Harbor). */
export async function refreshRegistryStatus(store: Store): Promise<void> {
  await Promise.all(
    [...store.registries.values()].map(async (record) => {
      try {
        await checkHealth(record);
        record.status = 'healthy';
      } catch {
        record.status = 'unhealthy';
      }
    }),
  );
}
