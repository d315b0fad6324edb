import { test, expect } from './fixtures';
import { DEMO_PASSWORD, enterCode, hydrated, nextCode } from './helpers';

test('a new colleague enrols an authenticator app and signs in with it @phone', async ({ page, browser }, info) => {
  // One enrolment per database: the desktop run enrols, the phone run (same
  // server) only checks the layout of the code page.
  const email = 'nieuw@chargecars.nl';
  await page.goto('/ops');
  await expect(page).toHaveURL(/\/login\?next=\/ops$/);
  await hydrated(page);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();

  if (info.project.name === 'phone') {
    // Only the layout on a phone; the desktop run does the enrolment.
    await expect(page).toHaveURL(/\/mfa(\/instellen)?\?next=\/ops$/);
    await expect(page.getByLabel('Code', { exact: true })).toBeVisible();
    await page.screenshot({ path: 'test-results/mfa-phone.png', fullPage: true });
    return;
  }

  await expect(page).toHaveURL(/\/mfa\/instellen\?next=\/ops$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tweestapsverificatie instellen');
  await expect(page.getByTestId('mfa-qr').locator('svg')).toBeVisible();
  const secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.screenshot({ path: 'test-results/mfa-enrol.png', fullPage: true });

  // Until the code is confirmed, the portal stays shut.
  const other = await page.context().newPage();
  await other.goto('/ops');
  await expect(other).toHaveURL(/\/mfa\/instellen\?next=\/ops$/);
  await other.close();

  await hydrated(page);
  await page.getByLabel('Code', { exact: true }).fill('000000');
  await page.getByRole('button', { name: 'Activeren' }).click();
  await expect(page.getByRole('alert')).toContainText('Deze code klopt niet');
  await page.getByLabel('Code', { exact: true }).fill(await nextCode(email, secret));
  await page.getByRole('button', { name: 'Activeren' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bewaar uw herstelcodes');
  const codes = await page.getByTestId('recovery-codes').locator('li').allTextContents();
  expect(codes).toHaveLength(10);
  for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  await page.getByRole('link', { name: 'Ik heb ze bewaard, ga verder' }).click();
  await expect(page).toHaveURL(/\/ops$/);
  await expect(page.getByTestId('user-name')).toHaveText('Lotte Smit');

  // A second browser: password, then a code from the app.
  const context = await browser.newContext();
  const second = await context.newPage();
  await second.goto('/login');
  await hydrated(second);
  await second.getByLabel('E-mailadres').fill(email);
  await second.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await second.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await expect(second).toHaveURL(/\/mfa\?next=\/ops$/);
  await enterCode(second, email, secret);
  await expect(second).toHaveURL(/\/ops$/);
  await context.close();

  // A third: a recovery code instead of the app, once.
  const third = await (await browser.newContext()).newPage();
  await third.goto('/login');
  await hydrated(third);
  await third.getByLabel('E-mailadres').fill(email);
  await third.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await third.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await expect(third).toHaveURL(/\/mfa/);
  await hydrated(third);
  await third.getByRole('button', { name: 'Een herstelcode gebruiken' }).click();
  await third.getByLabel('Herstelcode').fill(codes[0]);
  await third.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(third).toHaveURL(/\/ops$/);
});

test('a wrong authenticator code is refused with a clear message', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('E-mailadres').fill('planner@chargecars.nl');
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await expect(page).toHaveURL(/\/mfa\?next=\/ops$/);
  await hydrated(page);
  await page.getByLabel('Code', { exact: true }).fill('12345a');
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(page.getByRole('alert')).toContainText('Deze code klopt niet');
  await expect(page).toHaveURL(/\/mfa/);
  await enterCode(page, 'planner@chargecars.nl');
  await expect(page).toHaveURL(/\/ops$/);
});
