// The bodies that register another Harbor as a registry (endpoint). Harbor takes three shapes for
// the same settings: create nests `credential`, update and ping use flat `access_key`,
// `access_secret` and `credential_type` (handler/registry.go CreateRegistry, UpdateRegistry and
// PingRegistry, Harbor v2.15.2; docs/harbor-behaviour.md, "Registry request bodies").
import type { HarborRegistry, HarborRegistryPing, HarborRegistryUpdate } from '../types.ts';

/** A Harbor endpoint that logs in with basic auth (a robot account). */
export type RegistrySettings = {
  name: string;
  description: string;
  url: string;
  accessKey: string;
  accessSecret: string;
  /** true = Harbor does not verify the endpoint's certificate ("Verify Remote Cert" off). */
  insecure: boolean;
  /** PEM, Harbor ≥ 2.15; left out when absent so older Harbors never see the field. */
  caCertificate?: string;
};

const HARBOR_TYPE = 'harbor';
const BASIC = 'basic';

function ca(settings: Pick<RegistrySettings, 'caCertificate'>): { ca_certificate?: string } {
  return settings.caCertificate ? { ca_certificate: settings.caCertificate } : {};
}

/** `POST /registries`. */
export function registryCreateRequest(settings: RegistrySettings): HarborRegistry {
  return {
    name: settings.name,
    type: HARBOR_TYPE,
    url: settings.url,
    description: settings.description,
    insecure: settings.insecure,
    credential: { type: BASIC, access_key: settings.accessKey, access_secret: settings.accessSecret },
    ...ca(settings),
  };
}

/** `PUT /registries/{id}`: every setting, or only the credentials (the other fields stay as stored). */
export function registryUpdateRequest(
  settings: RegistrySettings | Pick<RegistrySettings, 'accessKey' | 'accessSecret'>,
): HarborRegistryUpdate {
  const credentials = {
    credential_type: BASIC,
    access_key: settings.accessKey,
    access_secret: settings.accessSecret,
  };
  if (!('url' in settings)) return credentials;
  return {
    name: settings.name,
    description: settings.description,
    url: settings.url,
    ...credentials,
    insecure: settings.insecure,
    ...ca(settings),
  };
}

/** `POST /registries/ping` for settings not saved yet (a saved registry is pinged by its id). */
export function registryPingRequest(
  settings: Omit<RegistrySettings, 'name' | 'description'>,
): HarborRegistryPing {
  return {
    type: HARBOR_TYPE,
    url: settings.url,
    credential_type: BASIC,
    access_key: settings.accessKey,
    access_secret: settings.accessSecret,
    insecure: settings.insecure,
    ...ca(settings),
  };
}
