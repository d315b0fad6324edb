import { test, expect } from './fixtures';
import { hydrated, signIn } from './helpers';

test.describe('server rendering', () => {
  test.use({ javaScriptEnabled: false });

  test('the home page content is in the HTML before any script runs', async ({ page, request }) => {
    const raw = await (await request.get('/')).text();
    expect(raw).toContain('Eén platform voor leads, offertes, planning en installatie');
    expect(raw).toContain('MeterKastThuis');

    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Eén platform voor leads, offertes, planning en installatie',
    );
    // Brands come from the database (demo data) and are rendered on the server.
    const brands = page.getByRole('list', { name: 'Onze merken' });
    for (const brand of ['ChargeCars', 'LaderThuis', 'MeterKastThuis', 'ZaptecShop', 'RatioShop']) {
      await expect(brands.getByRole('heading', { name: brand, exact: true })).toBeVisible();
    }
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await expect(page.locator('html')).not.toHaveAttribute('data-hydrated', 'true');
  });
});

test('landmarks and the skip link', async ({ page }) => {
  await signIn(page, 'ops@chargecars.nl');
  await expect(page).toHaveURL(/\/ops$/);
  await hydrated(page);
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Portalen' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Navigatie binnen het portaal' })).toBeVisible();
  await expect(page.getByRole('contentinfo')).toBeVisible();

  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Naar de inhoud' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await skip.press('Enter');
  await expect(page).toHaveURL(/#main$/);
});

test('each portal has its own navigation', async ({ page }) => {
  await signIn(page, 'admin@chargecars.nl');
  await expect(page).toHaveURL(/\/admin$/);
  const expected: Record<string, string[]> = {
    '/ops': ['Orderpijplijn', 'Routeplanning'],
    '/partner': ['Leads', 'Offertes', 'API-sleutels en webhooks'],
    '/klant': ['Mijn order', 'Service en garantie', 'Documenten'],
    '/monteur': ['Vandaag', 'Checklists'],
    '/admin': ['Bedrijven', 'Workflows', 'Audit-log'],
  };
  for (const [path, items] of Object.entries(expected)) {
    await page.goto(path);
    const nav = page.getByRole('navigation', { name: 'Navigatie binnen het portaal' });
    for (const item of items) {
      await expect(nav.getByText(item, { exact: true })).toBeVisible();
    }
    await expect(page.getByRole('navigation', { name: 'Portalen' }).locator('[aria-current="page"]')).toHaveAttribute(
      'href',
      path,
    );
  }
});

test('the page hydrates: the phone menu opens and closes @phone-only', async ({ page }) => {
  await signIn(page, 'planner@chargecars.nl');
  await expect(page).toHaveURL(/\/ops$/);
  await hydrated(page);
  const open = page.getByRole('button', { name: 'Menu openen' });
  await expect(open).toHaveAttribute('aria-expanded', 'false');
  const nav = page.getByRole('navigation', { name: 'Navigatie binnen het portaal' });
  await expect(nav).not.toBeInViewport();
  await open.tap();
  await expect(page.getByRole('button', { name: 'Menu sluiten' })).toHaveAttribute('aria-expanded', 'true');
  await expect(nav).toBeInViewport();
  await page.getByRole('button', { name: 'Menu sluiten' }).tap();
  await expect(nav).not.toBeInViewport();

  // Tapping beside the drawer closes it as well.
  await open.tap();
  await expect(nav).toBeInViewport();
  await page.mouse.click(370, 600);
  await expect(nav).not.toBeInViewport();
  await expect(open).toHaveAttribute('aria-expanded', 'false');
});

test('nothing is wider than a phone @phone-only', async ({ page }) => {
  for (const path of ['/', '/login', '/dit-bestaat-niet']) {
    await page.goto(path);
    await hydrated(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});

test('Escape closes the menu @phone-only', async ({ page }) => {
  await signIn(page, 'klant@example.nl');
  await expect(page).toHaveURL(/\/klant$/);
  await hydrated(page);
  await page.getByRole('button', { name: 'Menu openen' }).tap();
  const nav = page.getByRole('navigation', { name: 'Navigatie binnen het portaal' });
  await expect(nav).toBeInViewport();
  await page.keyboard.press('Escape');
  await expect(nav).not.toBeInViewport();
});

test('the language switch works and is remembered', async ({ page, context }) => {
  await context.clearCookies();
  await page.goto('/');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Eén platform/);

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'One platform for leads, quotes, planning and installation',
  );
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
  const lang = (await context.cookies()).find((c) => c.name === 'cc_lang');
  expect(lang?.value).toBe('en');
  expect(lang?.path).toBe('/');
  expect(lang!.expires * 1000 - Date.now()).toBeGreaterThan(300 * 24 * 3600 * 1000);

  // Remembered: a reload and a new page render English on the server.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/One platform/);
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('E-mail address').fill('partner@groendus.nl');
  await page.getByLabel('Password').fill('ChargeCars!2026');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/partner$/);
  await expect(page.getByRole('navigation', { name: 'Portal navigation' }).getByText('Quotes')).toBeVisible();

  await hydrated(page);
  await page.getByRole('button', { name: 'Nederlands' }).click();
  await expect(page.getByRole('navigation', { name: 'Navigatie binnen het portaal' }).getByText('Offertes')).toBeVisible();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
});

test('an unknown URL shows the 404 page with status 404', async ({ page }) => {
  const response = await page.goto('/dit-bestaat-niet');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pagina niet gevonden');
  await hydrated(page);
  await page.getByRole('link', { name: 'Naar de startpagina' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Eén platform/);
});

test('health probes answer', async ({ request }) => {
  const health = await request.get('/healthz');
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
  const ready = await request.get('/readyz');
  expect(ready.status()).toBe(200);
  expect((await ready.json()).database).toBe('ok');
});

// The suite's console guard (fixtures.ts) itself: a page that logs a panic
// fails its test. Marked as expected to fail, so it passes only if it does.
test('the console guard fails a test whose page panicked', async ({ page }) => {
  test.fail();
  await page.goto('/');
  await hydrated(page);
  await page.evaluate(() => console.error('panicked at app/src/lib.rs:1:1: the guard is watching'));
});
