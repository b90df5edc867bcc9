// The specs' `test`: every test gets an `op` (the operator whose clicks and fields are counted) on its
// page. Screenshots are off unless a spec opts in with `test.use({ screenshots: true })`; a spec that
// walks another path names its own folder (`screenshotSet: 'pull'`) so the two sets never mix.
import { test as base } from '@playwright/test';

import { Operator } from './interactions.ts';

export const test = base.extend<{ screenshots: boolean; screenshotSet: string; op: Operator }>({
  screenshots: [false, { option: true }],
  screenshotSet: ['', { option: true }],
  op: async ({ page, screenshots, screenshotSet }, use) => {
    await use(new Operator(page, screenshots, screenshotSet));
  },
});

export { expect } from '@playwright/test';
