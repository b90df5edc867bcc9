import { createHash } from 'node:crypto';
import type { Store } from './store.ts';
import type { Label, Project, ProjectRole, Repository } from './model.ts';

export type SimScale = { repositories: number; tagsPerRepository: number };

export type SeedOptions = {
  /** Seed name: the same name always gives the same data. Names starting with `target` (or containing `-target`) give the smaller target profile. */
  seed: string;
  admin: { username: string; password: string };
  /** A non-admin user seeded as developer in every private project (to test "must be sysadmin"). */
  user: { username: string; password: string };
  scale?: SimScale;
};

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';
const BASE_TIME = Date.UTC(2026, 0, 5, 8, 0, 0);

/** mulberry32 seeded by a hash of the seed name: deterministic and fast. */
export function prng(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type ProjectPlan = { name: string; public: boolean; repositories: string[] };

const SOURCE_PLAN: ProjectPlan[] = [
  {
    name: 'library',
    public: true,
    repositories: [
      'nginx',
      'redis',
      'alpine',
      'busybox',
      'postgres',
      'python',
      'node',
      'golang',
      'traefik',
      'memcached',
    ],
  },
  {
    name: 'src',
    public: false,
    repositories: [
      'app',
      'api',
      'worker',
      'frontend',
      'backend',
      'gateway',
      'auth',
      'billing',
      'tools/cli',
      'tools/migrate',
      'team/app',
      'team/app/web',
      'batch/jobs/nightly',
    ],
  },
  {
    name: 'team',
    public: false,
    repositories: [
      'app/web',
      'app/api',
      'app/worker',
      'infra/proxy',
      'infra/dns',
      'infra/vault',
      'data/etl',
      'data/warehouse',
      'mobile/backend',
      'search',
    ],
  },
  {
    name: 'platform',
    public: false,
    repositories: [
      'ingress-controller',
      'cert-manager',
      'external-dns',
      'monitoring/prometheus',
      'monitoring/grafana',
      'monitoring/alertmanager',
      'logging/fluent-bit',
      'logging/loki',
      'ci/runner',
      'ci/cache',
    ],
  },
  {
    name: 'ml',
    public: false,
    repositories: [
      'trainer',
      'inference',
      'notebooks',
      'feature-store',
      'models/bert',
      'models/resnet',
      'pipelines/ingest',
      'pipelines/score',
    ],
  },
  { name: 'sandbox', public: false, repositories: ['demo', 'hello-world', 'experiments/alpha'] },
];

const TARGET_PLAN: ProjectPlan[] = [
  { name: 'library', public: true, repositories: ['nginx', 'alpine', 'busybox'] },
  { name: 'backup', public: false, repositories: ['app', 'legacy/api'] },
];

const GLOBAL_LABELS: [string, string, string][] = [
  ['prod', '#C92100', 'Released to production'],
  ['stable', '#00AB9A', 'Stable release'],
  ['qa', '#F57600', 'Being tested by QA'],
  ['deprecated', '#5D5D5D', 'Do not deploy'],
  ['security-reviewed', '#0065AB', 'Passed the security review'],
];

export function seedStore(store: Store, options: SeedOptions): void {
  const rand = prng(options.seed);
  const isTarget = /(^|-)target/.test(options.seed);
  const at = (minutes: number): Date => new Date(BASE_TIME + minutes * 60_000);

  store.users.set(1, {
    id: store.nextId('user'),
    username: options.admin.username,
    password: options.admin.password,
    email: 'admin@example.com',
    realname: 'system admin',
    sysadmin: true,
    creationTime: at(0),
    memberships: new Map(),
  });
  const userId = store.nextId('user');
  const user = {
    id: userId,
    username: options.user.username,
    password: options.user.password,
    email: `${options.user.username}@example.com`,
    realname: 'Developer',
    sysadmin: false,
    creationTime: at(1),
    memberships: new Map<number, ProjectRole>(),
  };
  store.users.set(userId, user);

  const labels: Label[] = GLOBAL_LABELS.map(([name, color, description], i) => {
    const label: Label = {
      id: store.nextId('label'),
      name,
      color,
      description,
      scope: 'g',
      projectId: 0,
      creationTime: at(2 + i),
      updateTime: at(2 + i),
    };
    store.labels.set(label.id, label);
    return label;
  });

  const plans = isTarget ? TARGET_PLAN : SOURCE_PLAN;
  let minute = 10;
  for (const plan of plans) {
    const project = addProject(store, plan.name, plan.public, options.admin.username, at(minute++));
    if (!plan.public) user.memberships.set(project.id, 'developer');
    if (plan.name === 'src') {
      const label: Label = {
        id: store.nextId('label'),
        name: 'team-a',
        color: '#48960C',
        description: 'Owned by team A',
        scope: 'p',
        projectId: project.id,
        creationTime: at(minute),
        updateTime: at(minute),
      };
      store.labels.set(label.id, label);
    }
    for (const name of plan.repositories) {
      const repo = store.addRepository(`${plan.name}/${name}`, project.id, at(minute++));
      seedArtifacts(store, repo, rand, labels, at(minute), 3 + Math.floor(rand() * 6));
      minute += 30;
    }
  }

  if (options.scale) {
    const project = addProject(store, 'bench', false, options.admin.username, at(minute++));
    for (let i = 0; i < options.scale.repositories; i++) {
      const id = String(i).padStart(4, '0');
      const name = i % 10 === 9 ? `bench/group-${Math.floor(i / 100)}/svc-${id}` : `bench/svc-${id}`;
      const repo = store.addRepository(name, project.id, at(minute));
      seedArtifacts(store, repo, rand, labels, at(minute), options.scale.tagsPerRepository, true);
    }
  }
}

function addProject(store: Store, name: string, isPublic: boolean, owner: string, time: Date): Project {
  const project: Project = {
    id: store.nextId('project'),
    name,
    public: isPublic,
    ownerId: 1,
    ownerName: owner,
    creationTime: time,
    updateTime: time,
  };
  store.projects.set(project.id, project);
  return project;
}

/** Builds a small but real OCI image (config + layers stored as blobs) and returns its manifest. */
export function buildImage(store: Store, repository: string, version: string, layerSeeds: string[]): string {
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Labels: { 'org.opencontainers.image.version': version } },
      rootfs: {
        type: 'layers',
        diff_ids: layerSeeds.map((s) => `sha256:${createHash('sha256').update(s).digest('hex')}`),
      },
    }),
  );
  const configDigest = store.putBlob(config);
  const layers = layerSeeds.map((s) => {
    const content = Buffer.from(`layer ${s} of ${repository}\n`.repeat(4));
    return { mediaType: OCI_LAYER, digest: store.putBlob(content), size: content.length };
  });
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: configDigest, size: config.length },
    layers,
  });
}

function seedArtifacts(
  store: Store,
  repo: Repository,
  rand: () => number,
  labels: Label[],
  start: Date,
  count: number,
  simpleTags = false,
): void {
  const major = 1 + Math.floor(rand() * 3);
  const base = `${repo.name}-base`;
  for (let i = 0; i < count; i++) {
    const minor = Math.floor(i / 3);
    const patch = i % 3;
    const version = `${major}.${minor}.${patch}`;
    const manifest = buildImage(store, repo.name, `${version}-${i}`, [base, `${repo.name}-${i}`]);
    const time = new Date(start.getTime() + i * 3_600_000);
    const tags: string[] = [];
    if (simpleTags) tags.push(`v${version}`);
    else {
      const roll = rand();
      if (roll < 0.1 && i < count - 1) {
        // untagged: an overwritten build
      } else if (roll < 0.25) tags.push(`${version}-rc.${1 + Math.floor(rand() * 3)}`);
      else if (roll < 0.4)
        tags.push(`sha-${createHash('sha1').update(`${repo.name}${i}`).digest('hex').slice(0, 7)}`);
      else {
        tags.push(`v${version}`);
        if (rand() < 0.3) tags.push(version);
      }
      if (i === count - 1) tags.push('latest');
    }
    const artifact = store.pushManifestQuietly(repo, manifest, OCI_MANIFEST, tags, time);
    if (!simpleTags && tags.includes('latest')) artifact.labelIds.push(labels[0]!.id);
    if (!simpleTags && tags.some((t) => t.startsWith('v')) && rand() < 0.35)
      artifact.labelIds.push(labels[1]!.id);
    if (!simpleTags && tags.some((t) => t.includes('-rc.'))) artifact.labelIds.push(labels[2]!.id);
  }
}
