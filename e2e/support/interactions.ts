// Counts what an operator does on the push path (clicks and fields filled) so the suite can compare
// the wizard with the portal route, and takes a screenshot of each step for reviewers.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Locator, Page } from '@playwright/test';

export const screenshotDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

export class Operator {
  clicks = 0;
  fills = 0;
  /** Characters typed into the fields filled (one keystroke each). */
  keystrokes = 0;
  #shots = 0;

  constructor(
    readonly page: Page,
    private readonly screenshots: boolean = false,
    private readonly screenshotSet = '',
  ) {}

  get interactions(): number {
    return this.clicks + this.fills;
  }

  async click(target: Locator): Promise<void> {
    await target.click();
    this.clicks += 1;
  }

  async fill(target: Locator, value: string): Promise<void> {
    await target.fill(value);
    this.fills += 1;
    this.keystrokes += value.length;
  }

  /** Radio buttons and checkboxes are one click each. */
  async check(target: Locator): Promise<void> {
    await target.check();
    this.clicks += 1;
  }

  async screenshot(name: string): Promise<void> {
    if (!this.screenshots) return;
    const dir = join(screenshotDir, this.screenshotSet);
    mkdirSync(dir, { recursive: true });
    this.#shots += 1;
    const file = `${String(this.#shots).padStart(2, '0')}-${name}.png`;
    await this.page.screenshot({ path: join(dir, file), fullPage: true });
  }
}
