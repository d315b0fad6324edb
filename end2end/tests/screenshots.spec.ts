import { test } from '@playwright/test';
import { hydrated } from './helpers';

// Not assertions: pictures of the shell for people to look at
// (end2end/screenshots/), at desktop and phone width.
for (const path of ['/', '/ops', '/klant', '/dit-bestaat-niet']) {
  test(`screenshot ${path} @phone`, async ({ page }, info) => {
    await page.goto(path);
    await hydrated(page);
    const name = path === '/' ? 'home' : path.slice(1);
    await page.screenshot({ path: `screenshots/${info.project.name}-${name}.png`, fullPage: true });
  });
}

test('screenshot of the open menu @phone-only', async ({ page }) => {
  await page.goto('/ops');
  await hydrated(page);
  await page.getByRole('button', { name: 'Menu openen' }).tap();
  await page.waitForTimeout(250); // the drawer slides in
  await page.screenshot({ path: 'screenshots/phone-ops-menu.png' });
});
