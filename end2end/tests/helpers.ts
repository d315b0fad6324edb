import { Page, expect } from '@playwright/test';

/** Waits until the WASM bundle has hydrated the page (App sets the marker). */
export async function hydrated(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true', { timeout: 20_000 });
}
