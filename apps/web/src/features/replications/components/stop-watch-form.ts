// The "Stop watching" form: an admin login for each Harbor that holds a watch robot (a demo Harbor
// needs none), unless the robots stay on Harbor. Turned into the request's `AdminLogins`.
import type { AdminLogins, WatchSummary } from '@hw/wizard-api';
import { z } from 'zod';

type Side = 'source' | 'target';

const loginFields = z.object({ username: z.string(), password: z.string() });

export type StopWatchFormValues = {
  keepRobots: boolean;
  source: { username: string; password: string };
  target: { username: string; password: string };
};

export const emptyStopWatchForm: StopWatchFormValues = {
  keepRobots: false,
  source: { username: '', password: '' },
  target: { username: '', password: '' },
};

const normalUrl = (url: string | undefined) => url?.replace(/\/+$/, '').toLowerCase();

/** Each Harbor that holds a watch robot, and whether it is the server's own demo Harbor. */
export function robotHarbors(
  watch: WatchSummary,
  demo: { sourceUrl?: string; targetUrl?: string } | undefined,
): { side: Side; url: string; demo: boolean }[] {
  const sides = (['source', 'target'] as const).filter((side) =>
    watch.watchRobots.some((r) => r.side === side),
  );
  return sides.map((side) => {
    const url = side === 'source' ? watch.sourceUrl : watch.targetUrl;
    const demoUrl = side === 'source' ? demo?.sourceUrl : demo?.targetUrl;
    return { side, url, demo: demoUrl !== undefined && normalUrl(demoUrl) === normalUrl(url) };
  });
}

export function stopWatchFormSchema(loginSides: readonly Side[]) {
  return z
    .object({ keepRobots: z.boolean(), source: loginFields, target: loginFields })
    .superRefine((values, ctx) => {
      if (values.keepRobots) return;
      for (const side of loginSides) {
        if (!values[side].username.trim())
          ctx.addIssue({ code: 'custom', path: [side, 'username'], message: 'Enter the user name' });
        if (!values[side].password)
          ctx.addIssue({ code: 'custom', path: [side, 'password'], message: 'Enter the password' });
      }
    });
}

export function toAdminLogins(
  values: StopWatchFormValues,
  harbors: readonly { side: Side; demo: boolean }[],
): AdminLogins {
  if (values.keepRobots) return {};
  const logins: AdminLogins = {};
  for (const { side, demo } of harbors)
    logins[side] = demo
      ? { demo: true }
      : { username: values[side].username.trim(), password: values[side].password };
  return logins;
}
