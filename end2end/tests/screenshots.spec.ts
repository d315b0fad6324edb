import { test, expect } from './fixtures';
import { hydrated, signIn } from './helpers';

// Not assertions: pictures of the shell for people to look at
// (end2end/screenshots/), at desktop and phone width.
const accounts: Record<string, string> = { '/ops': 'planner@chargecars.nl', '/ops/pipeline': 'ops@chargecars.nl', '/klant': 'klant@example.nl', '/partner': 'partner@groendus.nl' };

for (const path of ['/', '/login', '/ops', '/ops/pipeline', '/klant', '/partner', '/dit-bestaat-niet']) {
  test(`screenshot ${path} @phone`, async ({ page }, info) => {
    if (accounts[path]) {
      await signIn(page, accounts[path]);
      await expect(page).toHaveURL(/\/ops$|\/klant$|\/partner$/);
    }
    await page.goto(path);
    await hydrated(page);
    const name = path === '/' ? 'home' : path.slice(1).replace('/', '-');
    await page.screenshot({ path: `screenshots/${info.project.name}-${name}.png`, fullPage: true });
  });
}

// The partner portal's pages, judged on a phone too (a partner desk checks
// an order or approves a quote from wherever they are).
for (const path of ['/partner/orders', '/partner/offertes', '/partner/facturen', '/partner/api', '/partner/leads/import']) {
  test(`screenshot ${path} @phone-only`, async ({ page }) => {
    await signIn(page, 'partner@groendus.nl');
    await page.goto(path);
    await hydrated(page);
    await expect(page.locator('main h1')).toBeVisible();
    await page.screenshot({ path: `screenshots/phone-${path.slice(1).replaceAll('/', '-')}.png`, fullPage: true });
  });
}

test('screenshot of the open menu @phone-only', async ({ page }) => {
  await signIn(page, 'ops@chargecars.nl');
  await expect(page).toHaveURL(/\/ops$/);
  await hydrated(page);
  await page.getByRole('button', { name: 'Menu openen' }).tap();
  await page.waitForTimeout(250); // the drawer slides in
  await page.screenshot({ path: 'screenshots/phone-ops-menu.png' });
});

test('screenshot of the page a sign-in link opens @phone', async ({ page }, info) => {
  await page.goto('/inloglink?token=voorbeeld');
  await hydrated(page);
  await expect(page.getByRole('button', { name: 'Inloggen', exact: true })).toBeVisible();
  await page.screenshot({ path: `screenshots/${info.project.name}-inloglink.png`, fullPage: true });
});

test('screenshot of the outbox with masked links and delivery states', async ({ page }) => {
  await signIn(page, 'admin@chargecars.nl');
  await page.goto('/admin/outbox');
  await hydrated(page);
  await expect(page.getByTestId('delivery').first()).toBeVisible();
  await page.screenshot({ path: 'screenshots/desktop-admin-outbox.png' });
});
