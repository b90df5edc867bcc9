import type { HarborReplicationFilter } from '../harbor-rules.ts';
import { isSpecificPathComponent, repositoryMatchesFilters, selectArtifactTags } from '../harbor-rules.ts';
import type { Store } from '../state/store.ts';
import { RemoteStatusError, type RemoteHarbor } from './remote-harbor.ts';

/** One repository and the artifacts (with the tags to replicate) a run will copy. */
export type Candidate = { repository: string; artifacts: { digest: string; tags: string[] }[] };
export type Manifest = { mediaType: string; body: string; digest: string };

/** Where artifacts come from. */
export type SourceSide = {
  fetchArtifacts(filters: HarborReplicationFilter[]): Promise<Candidate[]>;
  getManifest(repository: string, digest: string): Promise<Manifest>;
  getBlob(repository: string, digest: string): Promise<Buffer>;
};

/** Where artifacts go. */
export type DestinationSide = {
  /** The adapter's `Info()`; for a Harbor it reads the global labels (needs no permission). */
  info(): Promise<void>;
  prepareForPush(projects: string[]): Promise<void>;
  manifestDigest(repository: string, reference: string): Promise<string | undefined>;
  blobExists(repository: string, digest: string): Promise<boolean>;
  pushBlob(repository: string, digest: string, content: Buffer): Promise<void>;
  pushManifest(repository: string, reference: string, manifest: Manifest): Promise<void>;
  deleteManifest(repository: string, digest: string): Promise<void>;
  deleteTag(repository: string, tag: string): Promise<void>;
};

/** Reads a list of artifacts/tags as the filters select them (name filter on the repository, then tags and labels). */
function selectCandidates(
  filters: HarborReplicationFilter[],
  repos: { name: string; artifacts: { digest: string; tags: string[]; labels: string[] }[] }[],
): Candidate[] {
  const result: Candidate[] = [];
  for (const repo of repos) {
    const artifacts: Candidate['artifacts'] = [];
    for (const a of repo.artifacts) {
      const tags = selectArtifactTags(filters, { tags: a.tags, labels: a.labels });
      if (tags) artifacts.push({ digest: a.digest, tags: tags.filter((t) => t !== '') });
    }
    if (artifacts.length > 0) result.push({ repository: repo.name, artifacts });
  }
  return result;
}

/** The Harbor running the rule, read and written directly (Harbor uses its internal core secret). */
export class LocalSide implements SourceSide, DestinationSide {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  fetchArtifacts(filters: HarborReplicationFilter[]): Promise<Candidate[]> {
    const repos = [...this.store.repositories.values()]
      .filter((r) => repositoryMatchesFilters(filters, r.name))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((r) => ({
        name: r.name,
        artifacts: r.artifacts.map((a) => ({
          digest: a.digest,
          tags: a.tags.map((t) => t.name),
          labels: a.labelIds.map((id) => this.store.labels.get(id)?.name ?? ''),
        })),
      }));
    return Promise.resolve(selectCandidates(filters, repos));
  }

  getManifest(repository: string, digest: string): Promise<Manifest> {
    const artifact = this.store.repositoryByName(repository)?.artifacts.find((a) => a.digest === digest);
    if (!artifact) return Promise.reject(new Error(`artifact ${repository}@${digest} not found`));
    return Promise.resolve({ mediaType: artifact.mediaType, body: artifact.manifest, digest });
  }

  getBlob(_repository: string, digest: string): Promise<Buffer> {
    const blob = this.store.blobs.get(digest);
    return blob ? Promise.resolve(blob) : Promise.reject(new Error(`blob ${digest} not found`));
  }

  info(): Promise<void> {
    return Promise.resolve();
  }

  prepareForPush(projects: string[]): Promise<void> {
    for (const name of projects) {
      if (this.store.projectByName(name)) continue;
      const now = this.now();
      const id = this.store.nextId('project');
      this.store.projects.set(id, {
        id,
        name,
        public: false,
        ownerId: 1,
        ownerName: this.store.users.get(1)?.username ?? 'admin',
        creationTime: now,
        updateTime: now,
      });
    }
    return Promise.resolve();
  }

  manifestDigest(repository: string, reference: string): Promise<string | undefined> {
    const repo = this.store.repositoryByName(repository);
    const artifact = repo?.artifacts.find(
      (a) => a.digest === reference || a.tags.some((t) => t.name === reference),
    );
    return Promise.resolve(artifact?.digest);
  }

  blobExists(_repository: string, digest: string): Promise<boolean> {
    return Promise.resolve(this.store.blobs.has(digest));
  }

  pushBlob(_repository: string, digest: string, content: Buffer): Promise<void> {
    this.store.blobs.set(digest, content);
    return Promise.resolve();
  }

  pushManifest(repository: string, reference: string, manifest: Manifest): Promise<void> {
    const repo = this.store.ensureRepository(repository, this.now());
    if (!repo) return Promise.reject(new Error(`project ${repository.split('/')[0]} not found`));
    this.store.pushManifest(repo, manifest.body, manifest.mediaType, reference, this.now());
    return Promise.resolve();
  }

  deleteManifest(repository: string, digest: string): Promise<void> {
    const repo = this.store.repositoryByName(repository);
    const artifact = repo?.artifacts.find((a) => a.digest === digest);
    if (repo && artifact) this.store.deleteArtifact(repo, artifact);
    return Promise.resolve();
  }

  deleteTag(repository: string, tag: string): Promise<void> {
    const repo = this.store.repositoryByName(repository);
    const artifact = repo?.artifacts.find((a) => a.tags.some((t) => t.name === tag));
    if (repo && artifact) this.store.deleteTag(repo, artifact, tag);
    return Promise.resolve();
  }
}

const MANIFEST_ACCEPT =
  'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json';

async function expectOk(res: Response, what: string): Promise<void> {
  if (res.ok) {
    await res.arrayBuffer();
    return;
  }
  const body = await res.text();
  throw new Error(`failed to ${what}: http status code: ${res.status}, body: ${body.trim()}`);
}

/** A remote Harbor over HTTP with the registry's credentials, like Harbor's `harbor` adapter. */
export class RemoteSide implements SourceSide, DestinationSide {
  constructor(private readonly remote: RemoteHarbor) {}

  private async listAll<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; ; page++) {
      const sep = path.includes('?') ? '&' : '?';
      const res = await this.remote.api('GET', `${path}${sep}page=${page}&page_size=100`);
      const batch = Array.isArray(res.json) ? (res.json as T[]) : [];
      items.push(...batch);
      const total = Number(res.headers.get('x-total-count') ?? items.length);
      if (batch.length < 100 || items.length >= total) return items;
    }
  }

  async fetchArtifacts(filters: HarborReplicationFilter[]): Promise<Candidate[]> {
    const nameFilter = filters.find(
      (f) => f.type === 'name' && typeof f.value === 'string' && f.value !== '',
    );
    const first = typeof nameFilter?.value === 'string' ? (nameFilter.value.split('/')[0] ?? '') : '';
    let projects: { name?: string }[];
    if (first && isSpecificPathComponent(first)) {
      // Harbor lists only the named project(s) when the first component is specific.
      const names = first.startsWith('{') ? first.slice(1, -1).split(',') : [first];
      projects = [];
      for (const name of names) {
        const found = await this.listAll<{ name?: string }>(
          `/api/v2.0/projects?name=${encodeURIComponent(name)}`,
        );
        projects.push(...found.filter((p) => p.name === name));
      }
    } else projects = await this.listAll<{ name?: string }>('/api/v2.0/projects');
    const repos: { name: string; artifacts: { digest: string; tags: string[]; labels: string[] }[] }[] = [];
    for (const project of projects) {
      const list = await this.listAll<{ name?: string }>(
        `/api/v2.0/projects/${encodeURIComponent(project.name ?? '')}/repositories`,
      );
      for (const repo of list) {
        const name = repo.name ?? '';
        if (!repositoryMatchesFilters(filters, name)) continue;
        const short = name.slice((project.name ?? '').length + 1);
        let artifacts: { digest?: string; tags?: { name?: string }[]; labels?: { name?: string }[] }[];
        try {
          artifacts = await this.listAll(
            `/api/v2.0/projects/${encodeURIComponent(project.name ?? '')}/repositories/${encodeURIComponent(encodeURIComponent(short))}/artifacts?with_tag=true&with_label=true`,
          );
        } catch (error) {
          // `harbor/v2/adapter.go` `FetchArtifacts`.
          throw new Error(`failed to list artifacts of repository '${name}': ${(error as Error).message}`);
        }
        repos.push({
          name,
          artifacts: artifacts.map((a) => ({
            digest: a.digest ?? '',
            tags: (a.tags ?? []).map((t) => t.name ?? ''),
            labels: (a.labels ?? []).map((l) => l.name ?? ''),
          })),
        });
      }
    }
    return selectCandidates(
      filters,
      repos.sort((a, b) => a.name.localeCompare(b.name)),
    );
  }

  async getManifest(repository: string, digest: string): Promise<Manifest> {
    const res = await this.remote.registry(
      'GET',
      repository,
      'pull',
      `/v2/${repository}/manifests/${digest}`,
      { headers: { accept: MANIFEST_ACCEPT } },
    );
    if (!res.ok) await expectOk(res, `pull the manifest of artifact ${repository}@${digest}`);
    return { mediaType: res.headers.get('content-type') ?? '', body: await res.text(), digest };
  }

  async getBlob(repository: string, digest: string): Promise<Buffer> {
    const res = await this.remote.registry('GET', repository, 'pull', `/v2/${repository}/blobs/${digest}`);
    if (!res.ok) await expectOk(res, `pull the blob ${digest}`);
    return Buffer.from(await res.arrayBuffer());
  }

  /** `base.Client.ListLabels`: a 404 means "labels not supported", any other failure is returned as is. */
  async info(): Promise<void> {
    try {
      await this.remote.api('GET', '/api/v2.0/labels?scope=g&page_size=100');
    } catch (error) {
      if (error instanceof RemoteStatusError && error.status === 404) return;
      throw error;
    }
  }

  async prepareForPush(projects: string[]): Promise<void> {
    if (projects.length === 0) return;
    const query = `name={${projects.map((p) => `'${p}'`).join(' ')}}`;
    let existing: Awaited<ReturnType<RemoteHarbor['api']>>;
    try {
      existing = await this.remote.api(
        'GET',
        `/api/v2.0/projects?q=${encodeURIComponent(query)}&with_detail=false&page_size=100`,
      );
    } catch (error) {
      // `base.Adapter.PrepareForPush`: errors.Wrapf(err, "list projects with query %s", q).
      throw new Error(`list projects with query ${query}: ${(error as Error).message}`);
    }
    const names = new Set(
      (Array.isArray(existing.json) ? existing.json : []).map((p) => String((p as { name?: unknown }).name)),
    );
    for (const name of projects) {
      if (names.has(name)) continue;
      try {
        await this.remote.api('POST', '/api/v2.0/projects', {
          metadata: { public: 'false' },
          project_name: name,
        });
      } catch (error) {
        // `base.Adapter.PrepareForPush` skips a 409 and returns any other error unwrapped.
        if (error instanceof RemoteStatusError && error.status === 409) continue;
        throw error;
      }
    }
  }

  async manifestDigest(repository: string, reference: string): Promise<string | undefined> {
    const res = await this.remote.registry(
      'HEAD',
      repository,
      'pull',
      `/v2/${repository}/manifests/${reference}`,
      { headers: { accept: MANIFEST_ACCEPT } },
    );
    if (res.status === 404) return undefined;
    if (!res.ok) await expectOk(res, `check the existence of the manifest ${repository}:${reference}`);
    return res.headers.get('docker-content-digest') ?? undefined;
  }

  async blobExists(repository: string, digest: string): Promise<boolean> {
    const res = await this.remote.registry(
      'HEAD',
      repository,
      'pull,push',
      `/v2/${repository}/blobs/${digest}`,
    );
    await res.arrayBuffer();
    if (res.status === 404) return false;
    if (!res.ok)
      throw new Error(`failed to check the existence of the blob ${digest}: http status code: ${res.status}`);
    return true;
  }

  async pushBlob(repository: string, digest: string, content: Buffer): Promise<void> {
    const start = await this.remote.registry(
      'POST',
      repository,
      'pull,push',
      `/v2/${repository}/blobs/uploads/`,
    );
    if (start.status !== 202) {
      const body = await start.text();
      throw new Error(
        `failed to push the blob ${digest}: http status code: ${start.status}, body: ${body.trim()}`,
      );
    }
    const location = start.headers.get('location') ?? '';
    const url = new URL(location, this.remote.url);
    url.searchParams.set('digest', digest);
    const done = await this.remote.registry('PUT', repository, 'pull,push', url.toString(), {
      headers: { 'content-type': 'application/octet-stream' },
      body: content,
    });
    await expectOk(done, `push the blob ${digest}`);
  }

  async pushManifest(repository: string, reference: string, manifest: Manifest): Promise<void> {
    const res = await this.remote.registry(
      'PUT',
      repository,
      'pull,push',
      `/v2/${repository}/manifests/${reference}`,
      { headers: { 'content-type': manifest.mediaType }, body: manifest.body },
    );
    await expectOk(res, `push the manifest of artifact ${repository}:${reference}`);
  }

  async deleteManifest(repository: string, digest: string): Promise<void> {
    const res = await this.remote.registry(
      'DELETE',
      repository,
      '*',
      `/v2/${repository}/manifests/${digest}`,
    );
    if (res.status === 404) return;
    await expectOk(res, `delete the manifest ${repository}@${digest}`);
  }

  async deleteTag(repository: string, tag: string): Promise<void> {
    const [project = '', ...rest] = repository.split('/');
    const repo = encodeURIComponent(encodeURIComponent(rest.join('/')));
    try {
      await this.remote.api(
        'DELETE',
        `/api/v2.0/projects/${project}/repositories/${repo}/artifacts/${tag}/tags/${tag}`,
      );
    } catch (error) {
      if (error instanceof RemoteStatusError && error.status === 404) return;
      throw new Error(`failed to delete the tag ${repository}:${tag}: ${(error as Error).message}`);
    }
  }
}
