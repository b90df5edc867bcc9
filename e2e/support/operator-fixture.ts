// The specs' `test`: every test gets an `op` (the operator whose clicks and fields are counted) on its
// page. Screenshots are off unless a spec opts in with `test.use({ screenshots: true })`.
import { test as base } from '@playwright/test';

import { Operator } from './interactions.ts';

export const test = base.extend<{ screenshots: boolean; op: Operator }>({
  screenshots: [false, { option: true }],
  op: async ({ page, screenshots }, use) => {
    await use(new Operator(page, screenshots));
  },
});

export { expect } from '@playwright/test';
