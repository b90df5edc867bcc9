// Where the operator is, what is done and what comes next. Steps are links (the URL names the step),
// so done steps can be revisited, opened in a new tab, and reached with the keyboard.
import { STEP_IDS, STEP_TITLES, stepSide } from '@hw/wizard-api';
import type { ReplicationMode, StepId } from '@hw/wizard-api';
import { Loader, NavLink, ThemeIcon } from '@mantine/core';
import IconCheck from '@tabler/icons-react/icons/IconCheck';

type Props = {
  /** The step on screen. */
  current: StepId;
  mode: ReplicationMode | null;
  completed: readonly StepId[];
  /** Steps the operator may go to. */
  canVisit: (step: StepId) => boolean;
  onVisit: (step: StepId) => void;
  /** The link target of a step; absent before a setup exists. */
  hrefOf?: (step: StepId) => string;
  loadingStep?: StepId | null;
};

function description(step: StepId, mode: ReplicationMode | null, done: boolean, isCurrent: boolean): string {
  const side = mode ? stepSide(step, mode) : null;
  return [side ? `on ${side}` : '', isCurrent ? 'current' : done ? 'done' : ''].filter(Boolean).join(' · ');
}

export function WizardStepper({ current, mode, completed, canVisit, onVisit, hrefOf, loadingStep }: Props) {
  return (
    <nav aria-label="Wizard steps">
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {STEP_IDS.map((step, index) => {
          const done = completed.includes(step);
          const isCurrent = step === current;
          const reachable = !isCurrent && canVisit(step) && hrefOf !== undefined;
          const icon =
            loadingStep === step ? (
              <Loader size={14} />
            ) : done && !isCurrent ? (
              <ThemeIcon size={24} radius="xl" color="blue" aria-hidden>
                <IconCheck size={14} />
              </ThemeIcon>
            ) : (
              <ThemeIcon
                size={24}
                radius="xl"
                variant={isCurrent ? 'filled' : 'light'}
                color={isCurrent ? 'blue' : 'gray'}
                aria-hidden
              >
                {index}
              </ThemeIcon>
            );
          const common = {
            label: `${index}. ${STEP_TITLES[step]}`,
            description: description(step, mode, done, isCurrent),
            leftSection: icon,
            active: isCurrent,
            // Mantine fades the description; on the active step's tinted background that fails contrast.
            styles: { description: { opacity: 1 } },
          };
          return (
            <li key={step}>
              {reachable ? (
                <NavLink
                  {...common}
                  href={hrefOf(step)}
                  onClick={(event) => {
                    // A plain click records the move on the server first; modified clicks open a tab.
                    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                    event.preventDefault();
                    onVisit(step);
                  }}
                />
              ) : (
                <NavLink
                  {...common}
                  component="div"
                  aria-current={isCurrent ? 'step' : undefined}
                  aria-disabled={!isCurrent}
                />
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
