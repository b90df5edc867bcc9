// Extend the replication robot's expiry: Harbor stores its CREATION time plus the new duration,
// not now plus it (`updateV2Robot` in src/server/v2.0/handler/robot.go), so the resulting date is
// computed and shown before anything is changed.
import { expiryAfterDurationChange } from '@hw/harbor-client';
import type { RepairOptions } from '@hw/wizard-api';

import { plannedStep } from './repair-state.ts';
import type { FlowDef, StepContext, StepOutcome } from './repair-steps.ts';
import { robotLabel } from './repair-steps.ts';
import { formatExpiry, readRobot, robotNext, setDuration } from './robot-steps.ts';

type Extend = Extract<RepairOptions, { kind: 'extend' }>;

const NEVER_WARNING =
  'A robot that never expires keeps working for anyone who has its secret, for ever: rotate its secret regularly (and at once when someone who had it leaves).';

// The date is shown, and applied only once the operator confirms it.
function confirmExpiry(sc: StepContext): StepOutcome {
  const resulting = sc.flow.state.resultingExpiry ?? -1;
  if (sc.choice === 'confirm') return { status: 'done', detail: `Confirmed: ${formatExpiry(resulting)}.` };
  if (sc.choice === 'give-up')
    return { status: 'cancel', detail: 'Not changed: the expiry was not confirmed.' };
  return {
    status: 'waiting',
    choice: {
      id: 'confirm-expiry',
      question: `Harbor will store the expiry ${formatExpiry(resulting)} (counted from the robot's creation, not from today).`,
      options: [
        {
          value: 'confirm',
          label: 'Apply',
          consequence: `The robot expires ${formatExpiry(resulting)}; its secret does not change.`,
        },
        { value: 'give-up', label: 'Cancel', consequence: 'Nothing is changed.' },
      ],
    },
  };
}

export const extendFlow: FlowDef<Extend> = {
  summary: (watch, options) =>
    `Set the duration of ${robotLabel(watch)} to ${options.durationDays === -1 ? 'never expire' : `${options.durationDays} days`}; its secret is unchanged.`,
  plan(watch, options) {
    const robot = watch.config.replicationRobot;
    return [
      plannedStep(
        'read-robot',
        `Read ${robotLabel(watch)} and compute the expiry Harbor will store (its creation time + ${options.durationDays === -1 ? 'never' : `${options.durationDays} days`})`,
        robot.side,
        false,
      ),
      plannedStep('confirm', 'Confirm the new expiry', null, false),
      plannedStep('update-robot', `Change the duration of ${robotLabel(watch)}`, robot.side, true),
    ];
  },
  steps: {
    'read-robot': {
      async run(sc) {
        const { durationDays } = sc.flow.state.options as Extend;
        const { robot } = await readRobot(sc);
        const current = robot.expires_at ?? -1;
        if (current !== -1 && current * 1000 <= sc.ctx.now().getTime()) {
          // An expired robot is useless to the endpoint already: extending it would also revive a
          // secret that may have been passed around meanwhile. Rotating gives both a fresh start.
          sc.flow.state.offer = { kind: 'rotate', canary: 'none', durationDays };
          return {
            status: 'failed',
            harborMessage: null,
            detail: `The robot expired on ${formatExpiry(current)}.`,
            next: 'Rotate its secret instead: the offered rotation sets this duration first, then gives the robot a new secret and hands it to the endpoint. Nothing was changed.',
          };
        }
        const resulting =
          robot.duration === durationDays
            ? current
            : expiryAfterDurationChange(robot.creation_time ?? '', durationDays);
        sc.flow.state.resultingExpiry = resulting;
        sc.flow.state.warnings = durationDays === -1 ? [NEVER_WARNING] : [];
        if (resulting !== -1 && resulting * 1000 <= sc.ctx.now().getTime()) {
          sc.flow.state.warnings.push(
            `${formatExpiry(resulting)} is already past (the robot was created on ${robot.creation_time ?? '?'}): pick a longer duration.`,
          );
        }
        return {
          status: 'done',
          detail: `Created ${robot.creation_time ?? '?'}; expires ${formatExpiry(current)} now, ${formatExpiry(resulting)} after the change.`,
        };
      },
      next: robotNext,
    },
    confirm: {
      run: (sc) => Promise.resolve(confirmExpiry(sc)),
      next: () => 'Continue to answer again.',
    },
    'update-robot': {
      run: (sc) => setDuration(sc, (sc.flow.state.options as Extend).durationDays),
      next: (watch) => `${robotLabel(watch)} may keep its old expiry. Continue to try again.`,
    },
  },
  async finish(sc) {
    const robot = sc.watch.config.replicationRobot;
    const stored = await (await sc.client(robot.side)).robots.get(robot.id);
    return { ...sc.watch.config, replicationRobot: { ...robot, expiresAt: stored.expires_at ?? -1 } };
  },
};
