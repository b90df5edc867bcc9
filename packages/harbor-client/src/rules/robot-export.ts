// The robot "Export to file" of Harbor's portal (robot-account.component.ts and
// view-token.component.ts; docs/harbor-behaviour.md, "Robot export file"): `<robot name>.json`
// holding the `POST /robots` response as Harbor sent it.
import type { HarborRobot, HarborRobotCreated } from '../types.ts';

/** "robot$dst+repl.json": the full robot name, "$" and "+" kept as the portal keeps them. */
export function robotExportFileName(robotName: string): string {
  return `${robotName}.json`;
}

/**
 * JSON.stringify of the create response in Harbor's key order (alphabetical, as go-swagger emits
 * it), omitting absent keys like Harbor's omitempty. The portal's data URL also prepends a space;
 * that artefact is not reproduced.
 */
export function robotExportContent(created: HarborRobotCreated): string {
  const ordered: HarborRobotCreated = {};
  if (created.creation_time !== undefined) ordered.creation_time = created.creation_time;
  if (created.expires_at !== undefined) ordered.expires_at = created.expires_at;
  if (created.id !== undefined) ordered.id = created.id;
  if (created.name !== undefined) ordered.name = created.name;
  if (created.secret !== undefined) ordered.secret = created.secret;
  return JSON.stringify(ordered);
}

/**
 * The portal's export after "Refresh Secret" (`view-token.component.ts`): the robot as the list
 * returned it (the whole `Robot` model, permissions included) with `secret` set to the new one.
 */
export function refreshedRobotExportContent(robot: HarborRobot, secret: string): string {
  return JSON.stringify({ ...robot, secret });
}
