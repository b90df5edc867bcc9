import { createHash, randomBytes } from 'node:crypto';
import type {
  Artifact,
  ExecutionRecord,
  Label,
  PolicyRecord,
  Project,
  RegistryRecord,
  Repository,
  Robot,
  User,
} from './model.ts';

export type ArtifactEvent =
  | { type: 'PUSH_ARTIFACT'; repository: string; digest: string; tags: string[] }
  | { type: 'DELETE_ARTIFACT'; repository: string; digest: string; tags: string[] }
  | { type: 'DELETE_TAG'; repository: string; digest: string; tags: string[] };

type Counters = Record<
  | 'user'
  | 'project'
  | 'label'
  | 'repository'
  | 'artifact'
  | 'tag'
  | 'robot'
  | 'registry'
  | 'policy'
  | 'execution'
  | 'task',
  number
>;

/** The whole state of one simulated Harbor, in memory. */
export class Store {
  readonly users = new Map<number, User>();
  readonly projects = new Map<number, Project>();
  readonly labels = new Map<number, Label>();
  readonly repositories = new Map<number, Repository>();
  readonly robots = new Map<number, Robot>();
  readonly registries = new Map<number, RegistryRecord>();
  readonly policies = new Map<number, PolicyRecord>();
  readonly executions = new Map<number, ExecutionRecord>();
  /** Content-addressed blobs shared by all repositories (digest → bytes). */
  readonly blobs = new Map<string, Buffer>();
  robotPrefix = 'robot$';
  projectCreationRestriction: 'everyone' | 'adminonly' = 'everyone';
  private readonly counters: Counters = {
    user: 0,
    project: 0,
    label: 0,
    repository: 0,
    artifact: 0,
    tag: 0,
    robot: 0,
    registry: 0,
    policy: 0,
    execution: 0,
    task: 0,
  };
  private readonly listeners: ((event: ArtifactEvent) => void)[] = [];

  nextId(kind: keyof Counters): number {
    this.counters[kind] += 1;
    return this.counters[kind];
  }

  onArtifactEvent(listener: (event: ArtifactEvent) => void): void {
    this.listeners.push(listener);
  }

  emit(event: ArtifactEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  projectByName(name: string): Project | undefined {
    return find(this.projects.values(), (p) => p.name === name);
  }

  userByName(name: string): User | undefined {
    return find(this.users.values(), (u) => u.username === name);
  }

  repositoryByName(name: string): Repository | undefined {
    return find(this.repositories.values(), (r) => r.name === name);
  }

  robotByStoredName(name: string): Robot | undefined {
    return find(this.robots.values(), (r) => r.storedName === name);
  }

  putBlob(content: Buffer): string {
    const digest = sha256Digest(content);
    this.blobs.set(digest, content);
    return digest;
  }

  /** Finds or creates the repository `name` in its project (the first path component). */
  ensureRepository(name: string, now: Date): Repository | undefined {
    const existing = this.repositoryByName(name);
    if (existing) return existing;
    const project = this.projectByName(name.split('/')[0] ?? '');
    if (!project) return undefined;
    return this.addRepository(name, project.id, now);
  }

  /** Stores a new, empty repository `name` of the project `projectId`. */
  addRepository(name: string, projectId: number, time: Date): Repository {
    const repo: Repository = {
      id: this.nextId('repository'),
      projectId,
      name,
      creationTime: time,
      updateTime: time,
      artifacts: [],
    };
    this.repositories.set(repo.id, repo);
    return repo;
  }

  /**
   * Stores a manifest under `reference` (a tag or a digest) like a registry push: the tag moves to
   * the artifact with this digest. Fires a push event.
   */
  pushManifest(
    repo: Repository,
    manifest: string,
    mediaType: string,
    reference: string,
    now: Date,
    labelIds: number[] = [],
  ): Artifact {
    const digest = sha256Digest(manifest);
    let artifact = repo.artifacts.find((a) => a.digest === digest);
    if (!artifact) {
      artifact = this.newArtifact(manifest, mediaType, now, [], labelIds);
      repo.artifacts.push(artifact);
    }
    const tags: string[] = [];
    if (reference && !reference.startsWith('sha256:')) {
      for (const other of repo.artifacts) other.tags = other.tags.filter((t) => t.name !== reference);
      artifact.tags.push({ id: this.nextId('tag'), name: reference, pushTime: now });
      tags.push(reference);
    }
    artifact.pushTime = now;
    repo.updateTime = now;
    this.emit({ type: 'PUSH_ARTIFACT', repository: repo.name, digest, tags });
    return artifact;
  }

  private newArtifact(
    manifest: string,
    mediaType: string,
    now: Date,
    tags: string[],
    labelIds: number[],
  ): Artifact {
    return {
      id: this.nextId('artifact'),
      digest: sha256Digest(manifest),
      mediaType,
      manifest,
      size: manifestSize(manifest),
      pushTime: now,
      tags: tags.map((name) => ({ id: this.nextId('tag'), name, pushTime: now })),
      labelIds: [...labelIds],
    };
  }

  /** Seeds an artifact with its tags without firing events. */
  pushManifestQuietly(
    repo: Repository,
    manifest: string,
    mediaType: string,
    tags: string[],
    now: Date,
  ): Artifact {
    const artifact = this.newArtifact(manifest, mediaType, now, tags, []);
    repo.artifacts.push(artifact);
    repo.updateTime = now;
    return artifact;
  }

  deleteArtifact(repo: Repository, artifact: Artifact): void {
    repo.artifacts = repo.artifacts.filter((a) => a !== artifact);
    this.emit({
      type: 'DELETE_ARTIFACT',
      repository: repo.name,
      digest: artifact.digest,
      tags: artifact.tags.map((t) => t.name),
    });
  }

  deleteTag(repo: Repository, artifact: Artifact, tag: string): void {
    artifact.tags = artifact.tags.filter((t) => t.name !== tag);
    this.emit({ type: 'DELETE_TAG', repository: repo.name, digest: artifact.digest, tags: [tag] });
  }
}

function manifestSize(manifest: string): number {
  try {
    const parsed = JSON.parse(manifest) as { config?: { size?: number }; layers?: { size?: number }[] };
    return (
      Buffer.byteLength(manifest) +
      (parsed.config?.size ?? 0) +
      (parsed.layers ?? []).reduce((s, l) => s + (l.size ?? 0), 0)
    );
  } catch {
    return Buffer.byteLength(manifest);
  }
}

export function hashSecret(secret: string, salt: string): string {
  return createHash('sha256').update(`${salt}${secret}`).digest('hex');
}

export function newSalt(): string {
  return randomBytes(8).toString('hex');
}

function find<T>(values: Iterable<T>, match: (value: T) => boolean): T | undefined {
  for (const value of values) if (match(value)) return value;
  return undefined;
}

function sha256Digest(content: string | Buffer): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}
