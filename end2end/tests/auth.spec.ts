import { test, expect } from './fixtures';
import { hydrated, signInWithForm as signIn } from './helpers';

const accounts = [
  { email: 'admin@chargecars.nl', name: 'Femke de Graaf', home: '/admin', heading: 'Beheer' },
  { email: 'ops@chargecars.nl', name: 'Joost Bakker', home: '/ops', heading: 'Operations' },
  { email: 'planner@chargecars.nl', name: 'Sanne Visser', home: '/ops', heading: 'Operations' },
  { email: 'monteur@chargecars.nl', name: 'Daan Mulder', home: '/monteur', heading: 'Vandaag' },
  { email: 'partner@groendus.nl', name: 'Partnerdesk Groendus', home: '/partner', heading: 'Partner' },
  { email: 'klant@example.nl', name: 'Klant (demo)', home: '/klant', heading: 'Klant' },
];

for (const a of accounts) {
  test(`${a.email} signs in and lands on ${a.home}`, async ({ page }) => {
    await signIn(page, a.email);
    await expect(page).toHaveURL(new RegExp(`${a.home}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(a.heading);
    await expect(page.getByTestId('user-name')).toHaveText(a.name);

    // The session survives a reload (server-side session, HttpOnly cookie).
    await page.reload();
    await expect(page.getByTestId('user-name')).toHaveText(a.name);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'cc_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');

    await hydrated(page);
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('link', { name: 'Inloggen' })).toBeVisible();
  });
}

test('a partner sees its own orders and is refused elsewhere', async ({ page }) => {
  await signIn(page, 'partner@groendus.nl');
  await expect(page).toHaveURL(/\/partner$/);
  const table = page.getByRole('table', { name: 'Orders van uw organisatie' });
  await expect(table.getByRole('row').nth(1)).toBeVisible();
  const response = await page.goto('/ops');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Geen toegang');
});

test('a wrong password gets a clear message and no session', async ({ page }) => {
  await signIn(page, 'ops@chargecars.nl', 'verkeerd-wachtwoord');
  await expect(page.getByRole('alert')).toHaveText('E-mailadres of wachtwoord klopt niet.');
  await expect(page).toHaveURL(/\/login/);
  expect((await page.context().cookies()).find((c) => c.name === 'cc_session')).toBeUndefined();
});

test('a portal sends visitors who are not signed in to the login page and back', async ({ page }) => {
  await page.goto('/klant');
  await expect(page).toHaveURL(/\/login\?next=\/klant$/);
  await hydrated(page);
  await page.getByLabel('E-mailadres').fill('klant@example.nl');
  await page.getByLabel('Wachtwoord').fill('ChargeCars!2026');
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await expect(page).toHaveURL(/\/klant$/);
  await expect(page.getByRole('table', { name: 'Mijn orders' })).toBeVisible();
});
