// Step order the server enforces, whatever a client sends: the rule steps need a passed connection
// test of the endpoint as it is saved now, and a setup is complete only once its rule has run.
import type { HarborClient } from '@hw/harbor-client';
import type { HarborSide, SetupState } from '@hw/wizard-api';
import { robotProjectName, sidesFor } from '@hw/wizard-api';

import { fail } from '../errors.ts';
import type { SetupRecord } from '../storage/storage.ts';

type Robot = NonNullable<SetupState['robot']>;
type Rule = NonNullable<SetupState['rule']>;
type Policy = NonNullable<SetupState['policy']>;
type Connection = NonNullable<SetupState['target']>;

export function requireRobot(state: SetupState): Robot {
  if (!state.robot)
    fail(409, 'robot-missing', 'Create the robot account first.', {
      hint: 'Go to the "Robot account" step.',
    });
  return state.robot;
}

export function requireRule(state: SetupState): Rule {
  if (!state.rule)
    fail(409, 'rule-missing', 'Save the replication rule first.', {
      hint: 'Go to the "Replication rule" step.',
    });
  return state.rule;
}

export function requirePolicy(state: SetupState): Policy {
  if (!state.policy)
    fail(409, 'rule-not-created', 'Create the replication rule first.', {
      hint: 'Go to the "Review" step and create it.',
    });
  return state.policy;
}

export function requireConnected(state: SetupState, side: HarborSide): Connection {
  const connection = state[side];
  if (!connection)
    fail(409, 'not-connected', `Connect the ${side} Harbor first.`, {
      hint: `Go to the "Connect ${side}" step.`,
    });
  return connection;
}

/** The project the robot is scoped to: the target project in push mode, the source project in pull mode. */
export function requireRobotProject(state: SetupState): string {
  const project = state.project;
  if (!project)
    fail(409, 'project-missing', 'Choose the target project first.', {
      hint: 'Go to the "Target project" step.',
    });
  const name = robotProjectName(state);
  if (!name)
    fail(409, 'project-missing', 'Choose the source project the robot may read first.', {
      hint: 'Go to the "Target project" step.',
    });
  return name;
}

/** 409 unless the connection test passed for the endpoint that is saved now. */
export function requirePassedConnectionTest(setup: SetupRecord): void {
  const { state, internal } = setup;
  const ruleSide = sidesFor(state.mode).rule;
  const endpoint = state.endpoint;
  if (!endpoint) {
    fail(409, 'endpoint-missing', `Save the endpoint on the ${ruleSide} Harbor first.`, {
      hint: 'Go to the "Endpoint" step, save it, then run the connection test.',
    });
  }
  const attempted = internal.endpointAttemptUrl ?? endpoint.url;
  if (attempted !== endpoint.url) {
    fail(
      409,
      'connection-test-stale',
      `The last save of the endpoint (${attempted}) was refused, so the saved endpoint (${endpoint.url}) is not what you last entered.`,
      {
        hint: 'Go to the "Endpoint" step and save it again (the connection test tells why it was refused), then test the connection.',
      },
    );
  }
  const test = state.connectionTest;
  const untested: () => never = () =>
    fail(
      409,
      'connection-test-missing',
      `The endpoint "${endpoint.name}" has not been tested since it was saved.`,
      {
        hint: 'Go to the "Test connection" step and run the test: the rule can only be set up once it passes.',
      },
    );
  if (!test) untested();
  if (!test.ok) {
    const failed = test.checks.filter((c) => c.status === 'fail');
    const first = failed[0];
    fail(
      409,
      'connection-test-failed',
      `The connection test of the endpoint "${endpoint.name}" failed (${failed.map((c) => c.title).join(', ') || 'see the test'}), so a rule using it would fail too.`,
      {
        hint: `${(first?.fix ?? 'Fix the cause the test shows.').replace(/\.?$/, '.')} Then run the connection test again.`,
      },
    );
  }
  if (!state.completedSteps.includes('connection-test')) untested();
}

/**
 * 409 unless the rule exists and has run at least once: a run started here, or one Harbor started
 * itself (an event-based or scheduled trigger).
 */
export async function requireRuleHasRun(
  setup: SetupRecord,
  ruleClient: () => Promise<HarborClient>,
): Promise<void> {
  const { state } = setup;
  const ruleSide = sidesFor(state.mode).rule;
  if (!state.policy) {
    fail(
      409,
      'rule-not-created',
      `The setup cannot be finished yet: no replication rule was created on the ${ruleSide} Harbor.`,
      {
        hint: 'Go to the "Review" step and create the rule, then run it once on the "Run" step.',
      },
    );
  }
  if (state.lastExecutionId !== null) return;
  const client = await ruleClient();
  const runs = await client.executions.list({ policyId: state.policy.id, page: 1, pageSize: 1 });
  if (runs.total === 0) {
    fail(
      409,
      'rule-never-run',
      `The setup cannot be finished yet: the rule "${state.policy.name}" has never run.`,
      {
        hint: 'Go to the "Run" step and start "Replicate now" (or wait for its trigger), then finish.',
      },
    );
  }
}
