// Driving the wizard with the keyboard only: Tab until the wanted control has focus, then Enter, Space
// or typing, as a keyboard user does.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

const MAX_TABS = 120;

export async function tabTo(page: Page, target: Locator): Promise<void> {
  await expect(target).toBeVisible();
  const focusedTarget = target.and(page.locator(':focus'));
  for (let i = 0; i < MAX_TABS; i += 1) {
    if ((await focusedTarget.count()) > 0) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

export async function press(page: Page, target: Locator, key = 'Enter'): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press(key);
}

export async function typeInto(page: Page, target: Locator, text: string): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}
