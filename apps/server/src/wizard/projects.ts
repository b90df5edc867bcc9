// Step 2: the destination project on the target (and, in pull mode, the source project the robot reads).
import type { HarborProject } from '@hw/harbor-client';
import type { ChooseProjectRequest, HarborSide, ProjectSummary, SetupState } from '@hw/wizard-api';

import type { AppContext } from '../context.ts';
import { fail, harborDetail } from '../errors.ts';
import type { SetupRecord } from '../storage/storage.ts';
import { createOrAdoptPending } from './adopt.ts';
import type { SetupRef } from './setups.ts';
import { completeStep, uncompleteFrom } from './setups.ts';
import { sideClient } from './side-client.ts';

function projectSummary(p: HarborProject): ProjectSummary {
  return {
    id: p.project_id ?? 0,
    name: p.name ?? '',
    public: p.metadata?.public === 'true',
    repoCount: Math.max(0, p.repo_count ?? 0),
  };
}

export async function searchProjects(
  ctx: AppContext,
  ref: SetupRef,
  query: { side: HarborSide; q: string; page: number; pageSize: number },
): Promise<{ items: ProjectSummary[]; total: number }> {
  const client = await sideClient(ctx, await ctx.setups.load(ref.sessionId, ref.setupId), query.side);
  const page = await client.projects.list({
    page: query.page,
    pageSize: query.pageSize,
    ...(query.q ? { name: query.q } : {}),
  });
  return { items: page.items.map(projectSummary), total: page.total };
}

export async function checkProject(
  ctx: AppContext,
  ref: SetupRef,
  query: { side: HarborSide; name: string },
): Promise<{ name: string; exists: boolean }> {
  const client = await sideClient(ctx, await ctx.setups.load(ref.sessionId, ref.setupId), query.side);
  return { name: query.name, exists: await client.projects.exists(query.name) };
}

type ChosenProject = { id: number; name: string; createdByWizard: boolean };

export function chooseProject(
  ctx: AppContext,
  ref: SetupRef,
  body: ChooseProjectRequest,
): Promise<SetupState> {
  return ctx.setups.mutate(ref, async (setup) => {
    const { state } = setup;
    if (state.mode === 'pull' && !body.sourceProject) {
      fail(400, 'invalid-request', 'In pull mode, name the source project the robot may read.', {
        issues: [{ path: 'sourceProject', message: 'Choose the project on the source Harbor to pull from.' }],
      });
    }
    const target = await sideClient(ctx, setup, 'target');

    // Deleted in Harbor meanwhile? Then the earlier choice no longer stands and it is created again.
    const exists = await target.projects.exists(body.name);
    if (!exists) {
      state.created = state.created.filter(
        (c) => !(c.side === 'target' && c.kind === 'project' && c.name === body.name),
      );
    }
    // Idempotent: the same choice again (a retry, or going back and forth) changes nothing.
    if (
      exists &&
      state.project &&
      state.project.name === body.name &&
      state.project.sourceProject === (body.sourceProject ?? undefined)
    ) {
      completeStep(state, 'project');
      return ctx.setups.save(setup);
    }
    if (body.sourceProject && setup.internal.connections.source) {
      const source = await sideClient(ctx, setup, 'source');
      if (!(await source.projects.exists(body.sourceProject))) {
        fail(404, 'source-project-not-found', `The source Harbor has no project "${body.sourceProject}".`, {
          hint: 'Pick an existing project on the source: it holds the images to pull.',
        });
      }
    }
    const project = await resolveProject(ctx, setup, body);
    return saveProjectChoice(ctx, setup, project, body.sourceProject);
  });
}

/** The project chosen: one this setup created, a new one, or an existing one. */
async function resolveProject(
  ctx: AppContext,
  setup: SetupRecord,
  body: ChooseProjectRequest,
): Promise<ChosenProject> {
  const { state } = setup;
  const target = await sideClient(ctx, setup, 'target');
  const createdHere = state.created.find(
    (c) => c.side === 'target' && c.kind === 'project' && c.name === body.name,
  );
  if (createdHere) return { id: createdHere.id, name: body.name, createdByWizard: true };
  if (!body.create) {
    const existing = await target.projects.findByName(body.name);
    if (!existing?.project_id) {
      fail(404, 'project-not-found', `The target Harbor has no project named "${body.name}".`, {
        hint: 'Create it here, or check the name.',
      });
    }
    return { id: existing.project_id, name: body.name, createdByWizard: false };
  }
  const projectRequest = { project_name: body.name, metadata: { public: body.public ? 'true' : 'false' } };
  setup.internal.projectRequest = projectRequest;
  const pending = { kind: 'project', side: 'target', request: projectRequest } as const;
  const { id } = await createOrAdoptPending(ctx, setup, pending, {
    create: async () => (await target.projects.create(projectRequest)).id,
    find: () => target.projects.findByName(body.name),
    idOf: (p) => p.project_id,
    isOurs: (p) => p.metadata?.public === projectRequest.metadata.public,
    conflict: (error, existing) =>
      fail(409, 'project-exists', `The target Harbor already has a project named "${body.name}".`, {
        hint: 'Use the existing project, or pick another name.',
        harbor: harborDetail(error),
        conflict: {
          ...(existing?.project_id ? { existingId: existing.project_id } : {}),
          options: ['reuse'],
        },
      }),
  });
  state.created.push({ side: 'target', kind: 'project', id, name: body.name });
  return { id, name: body.name, createdByWizard: true };
}

async function saveProjectChoice(
  ctx: AppContext,
  setup: SetupRecord,
  project: ChosenProject,
  sourceProject: string | undefined,
): Promise<SetupState> {
  const { state } = setup;
  const changed = state.project !== null && state.project.name !== project.name;
  state.project = { ...project, ...(sourceProject ? { sourceProject } : {}) };
  if (changed) {
    // The robot is scoped to the project: a new project needs a new robot and endpoint check.
    state.robot = null;
    state.connectionTest = null;
    uncompleteFrom(state, ['robot', 'credentials', 'endpoint', 'connection-test']);
    await ctx.secrets.delete(setup.sessionId, setup.id, 'robot-secret');
    await ctx.secrets.delete(setup.sessionId, setup.id, 'robot-export');
  }
  completeStep(state, 'project');
  return ctx.setups.save(setup);
}
