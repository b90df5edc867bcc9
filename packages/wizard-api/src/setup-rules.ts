// Rules of the wizard that the web app and the server must apply alike.
import type { SetupState } from './setup.ts';

/**
 * The project the robot account is scoped to: the target project in push mode (the source Harbor
 * pushes into it), the source project in pull mode (the target Harbor reads from it). null until
 * the project step has chosen it.
 */
export function robotProjectName(state: Pick<SetupState, 'mode' | 'project'>): string | null {
  const project = state.mode === 'push' ? state.project?.name : state.project?.sourceProject;
  return project || null;
}

/** Where matched repositories land: the namespace typed in, else the target project. */
export function destinationNamespace(
  namespace: string | undefined,
  state: Pick<SetupState, 'project'>,
): string {
  return namespace?.trim() || state.project?.name || '';
}
