import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context.ts';
import { normalizeRegistryUrl, validateRegistryName } from '../harbor-rules.ts';
import { requireSystemAccess } from '../http/auth.ts';
import { field, objectBody, pathInt, queryString } from '../http/body.ts';
import { badRequest, conflict, notFound, precondition } from '../http/errors.ts';
import { oe, sendCreated, sendJson, time } from '../http/json.ts';
import { pageOf, parsePaging } from '../http/paging.ts';
import { parseQ, termMatches } from '../http/query.ts';
import { checkHealth, KNOWN_TYPES, type Candidate } from '../replication/health.ts';
import { RemoteHarbor, remoteFailureToHttpError } from '../replication/remote-harbor.ts';
import type { RegistryRecord } from '../state/model.ts';
import type { Store } from '../state/store.ts';

/** `REPLICATION_ADAPTER_WHITELIST` as the installer template sets it (2.14+). */
const INSTALLER_WHITELIST = new Set([
  'ali-acr',
  'aws-ecr',
  'azure-acr',
  'docker-hub',
  'docker-registry',
  'github-ghcr',
  'google-gcr',
  'harbor',
  'huawei-SWR',
  'jfrog-artifactory',
  'tencent-tcr',
  'volcengine-cr',
]);
const fixed = (key: string, value: string): Record<string, unknown> => ({
  endpoint_pattern: { endpoint_type: 'EndpointPatternTypeFix', endpoints: [{ key, value }] },
});
const ADAPTER_PATTERNS: Record<string, Record<string, unknown>> = {
  'docker-hub': fixed('hub.docker.com', 'https://hub.docker.com'),
  'github-ghcr': fixed('ghcr.io', 'https://ghcr.io'),
  'aws-ecr': {
    credential_pattern: {
      access_key_type: 'AccessKeyTypeStandard',
      access_secret_type: 'AccessSecretTypeStandard',
    },
    endpoint_pattern: {
      endpoint_type: 'EndpointPatternTypeList',
      endpoints: ['us-east-1', 'us-west-2', 'eu-central-1', 'eu-west-1', 'ap-northeast-1'].map((r) => ({
        key: r,
        value: `https://api.ecr.${r}.amazonaws.com`,
      })),
    },
  },
  'google-gcr': {
    credential_pattern: {
      access_key_data: '_json_key',
      access_key_type: 'AccessKeyTypeFix',
      access_secret_type: 'AccessSecretTypeFile',
    },
    endpoint_pattern: {
      endpoint_type: 'EndpointPatternTypeList',
      endpoints: [
        ['gcr.io', 'https://gcr.io'],
        ['us.gcr.io', 'https://us.gcr.io'],
        ['eu.gcr.io', 'https://eu.gcr.io'],
        ['asia.gcr.io', 'https://asia.gcr.io'],
      ].map(([key, value]) => ({ key, value })),
    },
  },
};
const LOCAL_URL = 'http://core:8080';

export function localRegistryModel(): Record<string, unknown> {
  return {
    creation_time: time(undefined),
    credential: { access_secret: '*****', type: 'secret' },
    id: 0,
    insecure: true,
    name: 'Local',
    status: 'healthy',
    type: 'harbor',
    update_time: time(undefined),
    url: LOCAL_URL,
  };
}

export function registryModel(r: RegistryRecord): Record<string, unknown> {
  return {
    ca_certificate: r.caCertificate || undefined,
    creation_time: time(r.creationTime),
    credential: {
      access_key: oe(r.accessKey),
      access_secret: r.accessSecret ? '*****' : undefined,
      type: r.credentialType,
    },
    description: oe(r.description),
    id: r.id,
    insecure: oe(r.insecure),
    name: r.name,
    status: r.status,
    type: r.type,
    update_time: time(r.updateTime),
    url: r.url,
  };
}

export function registryById(store: Store, id: number): Record<string, unknown> {
  if (id === 0) return localRegistryModel();
  const r = store.registries.get(id);
  if (!r) throw notFound(`registry ${id} not found`);
  return registryModel(r);
}

function validateCa(pem: string | undefined): void {
  if (pem && !/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(pem)) {
    throw badRequest('invalid ca_certificate: failed to parse PEM certificate');
  }
}

export function registryRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { store } = ctx;

  const normalizeUrl = (url: string): string => {
    const check = normalizeRegistryUrl(url);
    if (!check.ok) throw badRequest(check.message);
    return check.url ?? url;
  };
  const checkName = (name: string): void => {
    const check = validateRegistryName(name);
    if (!check.ok) throw badRequest(check.message);
  };

  app.post('/api/v2.0/registries', async (request, reply) => {
    const body = objectBody(request);
    requireSystemAccess(request.principal, 'registry', 'create');
    const credential = field<Record<string, unknown>>(body, 'credential', 'object') ?? {};
    const name = field<string>(body, 'name', 'string') ?? '';
    checkName(name);
    const url = normalizeUrl(field<string>(body, 'url', 'string') ?? '');
    // Releases before 2.15 have no ca_certificate and ignore it.
    const caCertificate = ctx.capabilities.registryCaCertificate
      ? (field<string>(body, 'ca_certificate', 'string') ?? undefined)
      : undefined;
    validateCa(caCertificate);
    const accessKey = typeof credential.access_key === 'string' ? credential.access_key : '';
    const candidate: Candidate = {
      type: field<string>(body, 'type', 'string') ?? '',
      url,
      insecure: field<boolean>(body, 'insecure', 'boolean') ?? false,
      caCertificate: caCertificate || undefined,
      credentialType: typeof credential.type === 'string' && credential.type ? credential.type : 'basic',
      // The credential is kept only when it has an access key.
      accessKey,
      accessSecret: accessKey && typeof credential.access_secret === 'string' ? credential.access_secret : '',
    };
    await checkHealth(candidate);
    for (const r of store.registries.values())
      if (r.name === name) throw conflict(`registry ${name} already exists`);
    const now = ctx.now();
    const record: RegistryRecord = {
      id: store.nextId('registry'),
      name,
      description: field<string>(body, 'description', 'string') ?? '',
      ...candidate,
      status: 'healthy',
      creationTime: now,
      updateTime: now,
    };
    store.registries.set(record.id, record);
    return sendCreated(reply, `/api/v2.0/registries/${record.id}`);
  });

  app.get('/api/v2.0/registries', (request, reply) => {
    const paging = parsePaging(request);
    requireSystemAccess(request.principal, 'registry', 'list');
    const q = parseQ(queryString(request, 'q'));
    if (!q) throw badRequest('invalid query string');
    const name = queryString(request, 'name');
    const registries = [...store.registries.values()]
      .filter(
        (r) =>
          (name ? r.name.includes(name) : true) &&
          termMatches(q.get('name'), r.name) &&
          termMatches(q.get('type'), r.type) &&
          termMatches(q.get('url'), r.url),
      )
      .sort((a, b) => a.id - b.id);
    return sendJson(reply, 200, pageOf(request, reply, registries, paging).map(registryModel));
  });

  app.get<{ Params: { id: string } }>('/api/v2.0/registries/:id', (request, reply) => {
    const id = pathInt(request.params.id, 'id');
    requireSystemAccess(request.principal, 'registry', 'read');
    return sendJson(reply, 200, registryById(store, id));
  });

  app.put<{ Params: { id: string } }>('/api/v2.0/registries/:id', async (request, reply) => {
    const id = pathInt(request.params.id, 'id');
    const body = objectBody(request);
    requireSystemAccess(request.principal, 'registry', 'update');
    const record = store.registries.get(id);
    if (!record) throw notFound(`registry ${id} not found`);
    const str = (name: string): string | undefined => field<string>(body, name, 'string') ?? undefined;
    const name = str('name') ?? record.name;
    checkName(name);
    const url = str('url') !== undefined ? normalizeUrl(str('url') ?? '') : record.url;
    const caCertificate = ctx.capabilities.registryCaCertificate
      ? (str('ca_certificate') ?? record.caCertificate)
      : undefined;
    validateCa(caCertificate);
    const accessKey = str('access_key') ?? record.accessKey;
    const candidate: Candidate = {
      type: record.type,
      url,
      insecure: field<boolean>(body, 'insecure', 'boolean') ?? record.insecure,
      caCertificate: caCertificate || undefined,
      credentialType: str('credential_type') ?? record.credentialType,
      accessKey,
      accessSecret: accessKey ? (str('access_secret') ?? record.accessSecret) : '',
    };
    await checkHealth(candidate);
    for (const r of store.registries.values())
      if (r.name === name && r.id !== id) throw conflict(`registry ${name} already exists`);
    Object.assign(record, candidate, {
      name,
      description: str('description') ?? record.description,
      status: 'healthy',
      updateTime: ctx.now(),
    });
    return reply.code(200).send();
  });

  app.delete<{ Params: { id: string } }>('/api/v2.0/registries/:id', (request, reply) => {
    const id = pathInt(request.params.id, 'id');
    requireSystemAccess(request.principal, 'registry', 'delete');
    if (!store.registries.has(id)) throw notFound(`registry ${id} not found`);
    for (const p of store.policies.values()) {
      if (p.srcRegistryId === id || p.destRegistryId === id)
        throw precondition(`the registry ${id} is referenced by replication policies, cannot delete it`);
    }
    store.registries.delete(id);
    return reply.code(200).send();
  });

  app.post('/api/v2.0/registries/ping', async (request, reply) => {
    const body = objectBody(request);
    requireSystemAccess(request.principal, 'registry', 'read');
    const str = (name: string): string | undefined => field<string>(body, name, 'string') ?? undefined;
    const id = field<number>(body, 'id', 'number');
    let base: Candidate = {
      type: '',
      url: '',
      insecure: false,
      credentialType: 'basic',
      accessKey: '',
      accessSecret: '',
    };
    if (id !== undefined) {
      const record = store.registries.get(id);
      if (!record) throw notFound(`registry ${id} not found`);
      base = { ...record };
    }
    const candidate: Candidate = {
      type: str('type') ?? base.type,
      url: str('url') ?? base.url,
      insecure: field<boolean>(body, 'insecure', 'boolean') ?? base.insecure,
      caCertificate: ctx.capabilities.registryCaCertificate
        ? (str('ca_certificate') ?? base.caCertificate)
        : undefined,
      credentialType: str('credential_type') ?? base.credentialType,
      accessKey: str('access_key') ?? base.accessKey,
      accessSecret: str('access_secret') ?? base.accessSecret,
    };
    if (candidate.url) candidate.url = normalizeUrl(candidate.url);
    if (!candidate.type || !candidate.url) throw badRequest('type or url cannot be empty');
    validateCa(candidate.caCertificate);
    await checkHealth(candidate);
    return reply.code(200).send();
  });

  app.get<{ Params: { id: string } }>('/api/v2.0/registries/:id/info', async (request, reply) => {
    const id = pathInt(request.params.id, 'id');
    requireSystemAccess(request.principal, 'registry', 'read');
    let labels: string[];
    if (id === 0) {
      labels = [...store.labels.values()].filter((l) => l.scope === 'g').map((l) => l.name);
    } else {
      const record = store.registries.get(id);
      if (!record) throw notFound(`registry ${id} not found`);
      const remote = new RemoteHarbor(
        record.url,
        record.accessKey ? { username: record.accessKey, password: record.accessSecret } : undefined,
        record,
      );
      try {
        await remote.apiVersion();
        const res = await remote.api('GET', '/api/v2.0/labels?scope=g&page_size=100');
        labels = Array.isArray(res.json) ? res.json.map((l) => String((l as { name?: unknown }).name)) : [];
      } catch (error) {
        throw remoteFailureToHttpError(error);
      }
    }
    return sendJson(reply, 200, {
      supported_copy_by_chunk: ctx.capabilities.copyByChunk ? true : undefined,
      supported_resource_filters: [
        { style: 'input', type: 'name' },
        { style: 'input', type: 'tag' },
        { style: 'list', type: 'label', values: labels },
        { style: 'radio', type: 'resource', values: ['image', 'artifact'] },
      ],
      // Event-based triggers exist only for the local Harbor (push rules).
      supported_triggers: id === 0 ? ['manual', 'scheduled', 'event_based'] : ['manual', 'scheduled'],
      type: 'harbor',
    });
  });

  // The whitelist filter arrived in 2.14, together with single active replication.
  const adapters = (): string[] =>
    [...KNOWN_TYPES]
      .filter((a) => !ctx.capabilities.singleActiveReplication || INSTALLER_WHITELIST.has(a))
      .sort();

  app.get('/api/v2.0/replication/adapters', (request, reply) => {
    requireSystemAccess(request.principal, 'replication-adapter', 'list');
    return sendJson(reply, 200, adapters());
  });

  app.get('/api/v2.0/replication/adapterinfos', (request, reply) => {
    requireSystemAccess(request.principal, 'replication-adapter', 'list');
    const infos: Record<string, unknown> = {};
    for (const a of adapters()) if (ADAPTER_PATTERNS[a]) infos[a] = ADAPTER_PATTERNS[a];
    return sendJson(reply, 200, infos);
  });
}
