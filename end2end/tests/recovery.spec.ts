import { test, expect } from './fixtures';
import { execFileSync } from 'child_process';
import { hydrated, newestLink, signIn } from './helpers';

/** Gives klant3 the demo password back (other tests sign in with it). */
function restoreDemoPassword() {
  const script = [
    'import sqlite3, sys',
    'db = sqlite3.connect(sys.argv[1])',
    "db.execute(\"UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE email = 'klant@example.nl') WHERE email = 'klant3@example.nl'\")",
    'db.commit()',
  ].join('\n');
  execFileSync('python3', ['-c', script, process.env.E2E_DB_FILE!]);
}

test('a forgotten password is reset through the mailed link', async ({ page }) => {
  try {
    await resetAndSignIn(page);
  } finally {
    restoreDemoPassword();
  }
});

async function resetAndSignIn(page: import('@playwright/test').Page) {
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wachtwoord vergeten');
  await hydrated(page);
  await page.getByLabel('E-mailadres').fill('klant3@example.nl');
  await page.getByRole('button', { name: 'Stuur de link' }).click();
  await expect(page.getByRole('status')).toContainText('Als dit adres bij ons bekend is');

  const link = await newestLink('klant3@example.nl', '/wachtwoord-herstellen?token=');
  await page.goto(link);
  await hydrated(page);
  await page.getByLabel('Nieuw wachtwoord').fill('kort');
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await expect(page.getByRole('alert')).toHaveText('Kies een wachtwoord van minstens 10 tekens.');
  await page.getByLabel('Nieuw wachtwoord').fill('mijn-nieuwe-wachtwoord');
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await expect(page.getByRole('status')).toHaveText('Uw wachtwoord is gewijzigd. U kunt nu inloggen.');

  await signIn(page, 'klant3@example.nl', 'mijn-nieuwe-wachtwoord');
  await expect(page).toHaveURL(/\/klant$/);
}

test('a customer signs in with a link by e-mail', async ({ page, browser }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('link', { name: 'Klant? Log in met een link per e-mail' }).click();
  await hydrated(page);
  await page.getByLabel('E-mailadres').fill('klant@example.nl');
  await page.getByRole('button', { name: 'Stuur mij een inloglink' }).click();
  await expect(page.getByRole('status')).toContainText('inloglink');

  const link = await newestLink('klant@example.nl', '/inloglink?token=');
  // Opening the link (as a mail scanner would) does not use it up …
  await page.goto(link);
  await page.context().request.get(link);
  await hydrated(page);
  // … the button signs in.
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await expect(page).toHaveURL(/\/klant$/);
  await expect(page.getByTestId('user-name')).toHaveText('Klant (demo)');
  await expect(page.getByRole('table', { name: 'Mijn orders' })).toBeVisible();

  // The link works once.
  await page.context().clearCookies();
  await page.goto(link);
  await hydrated(page);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await expect(page).toHaveURL(/\/inloglink\?ongeldig=1$/);
  await expect(page.getByRole('alert')).toHaveText('Deze inloglink is ongeldig, al gebruikt of verlopen.');
});
