// The admin login per Harbor that creating watch robots needs once a setup is finished (its
// passwords are erased at Done). Validated by the contract's own schema; a demo Harbor needs none.
import { adminLoginSchema } from '@hw/wizard-api';
import type { AdminLogins, HarborSide } from '@hw/wizard-api';
import { z } from 'zod';

/** The contract's username-and-password branch (the other one is `{ demo: true }`). */
const credentialSchema = adminLoginSchema.options[1];

/** Only the sides whose fields are on screen are in the values (the form unregisters the others). */
export const watchLoginFormSchema = z.object({
  source: credentialSchema.optional(),
  target: credentialSchema.optional(),
});
export type WatchLoginFormInput = z.input<typeof watchLoginFormSchema>;
export type WatchLoginFormOutput = z.output<typeof watchLoginFormSchema>;

/** What one Harbor of the plan needs: a login typed by the operator, or nothing (demo). */
export type LoginNeed = { side: HarborSide; url: string; demo: boolean; username: string };

export function toAdminLogins(needs: readonly LoginNeed[], values: WatchLoginFormOutput): AdminLogins {
  const logins: AdminLogins = {};
  for (const need of needs) {
    const typed = values[need.side];
    if (need.demo) logins[need.side] = { demo: true };
    else if (typed) logins[need.side] = { username: typed.username, password: typed.password };
  }
  return logins;
}

/** React-query keeps a mutation's input in its state: blank the passwords once they were sent. */
export function blankPasswords(logins: AdminLogins | undefined): void {
  for (const login of [logins?.source, logins?.target]) {
    if (login && 'password' in login) login.password = '';
  }
}
