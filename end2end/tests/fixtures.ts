import { test as base, expect, Page } from '@playwright/test';

export * from '@playwright/test';

// What a page's console must never say: Leptos' hydration errors (the server
// rendered something the browser's code does not recognise) and Rust panics
// in the WASM (console_error_panic_hook prints them, then the app is dead).
const BROKEN = /hydrat(e|ion) error|failed to hydrate|panicked at|RuntimeError: unreachable/i;

/** The suite's `test`: as Playwright's, and every test fails when a page
 * of its browser context logged a hydration error or a panic. */
export const test = base.extend<{ consoleGuard: void }>({
  consoleGuard: [
    async ({ context }, use) => {
      const problems: string[] = [];
      const watch = (page: Page) => {
        page.on('console', (m) => {
          if (m.type() === 'error' && BROKEN.test(m.text())) problems.push(`${page.url()}: ${m.text()}`);
        });
        page.on('pageerror', (e) => {
          if (BROKEN.test(String(e))) problems.push(`${page.url()}: ${e}`);
        });
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await use();
      expect(problems, 'hydration errors or panics in the browser console').toEqual([]);
    },
    { auto: true },
  ],
});
