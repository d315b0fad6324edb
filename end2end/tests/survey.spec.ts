import { test, expect } from './fixtures';
import { createHash, randomBytes } from 'crypto';
import { execFileSync } from 'child_process';
import { hydrated, signIn } from './helpers';

/**
 * Opens a survey for a completed order straight in the app's database, as
 * the completion's timed message does (services::surveys::open_link, tested
 * there), and returns its token and order number. The queueing itself is
 * covered by the service tests; here the customer's side is.
 */
function openSurvey(): { token: string; number: string } {
  const token = randomBytes(32).toString('hex');
  const hash = createHash('sha256').update(token).digest('hex');
  const script = [
    'import sqlite3, sys',
    'db = sqlite3.connect(sys.argv[1])',
    "row = db.execute(\"SELECT id, order_number FROM orders WHERE status = 'completed' AND id NOT IN (SELECT order_id FROM surveys) ORDER BY id DESC LIMIT 1\").fetchone()",
    "db.execute(\"INSERT INTO surveys (order_id, token_hash, created_at) VALUES (?, ?, datetime('now'))\", (row[0], sys.argv[2]))",
    'db.commit()',
    'print(row[1])',
  ].join('\n');
  const number = execFileSync('python3', ['-c', script, process.env.E2E_DB_FILE!, hash]).toString().trim();
  return { token, number };
}

test('an admin sets when the timed messages go out, per business entity', async ({ page }) => {
  await signIn(page, 'admin@chargecars.nl');
  await page.goto('/admin');
  await hydrated(page);
  await page.getByRole('link', { name: 'Berichtregels' }).first().click();
  await expect(page).toHaveURL(/\/admin\/berichtregels$/);
  await hydrated(page);
  const table = page.getByTestId('timings');
  // 001's triggers with their defaults: reminders before the visit, the rest after a status.
  const survey = table.locator('tr[data-trigger="survey"]');
  await expect(survey).toContainText('Tevredenheidsonderzoek');
  await expect(survey).toContainText('na Afgerond');
  await expect(survey.getByLabel(/^Uren/)).toHaveValue('168');
  await expect(survey).toContainText('= 7 d');
  await expect(table.locator('tr[data-trigger="reminder_2h"]')).toContainText('vóór de afspraak');
  await expect(table.locator('tr[data-trigger="partner_no_response"]')).toContainText('vervalt als de order verder gaat');

  // Out of range is named, and nothing is saved.
  await survey.getByLabel(/^Uren/).fill('0');
  await survey.getByRole('button', { name: 'Opslaan' }).click();
  await expect(survey.getByRole('alert')).toHaveText('Kies een aantal uren binnen het toegestane bereik.');

  await survey.getByLabel(/^Uren/).fill('48');
  await survey.getByRole('button', { name: 'Opslaan' }).click();
  await expect(survey.getByRole('status')).toHaveText('Opgeslagen');
  const checkup = table.locator('tr[data-trigger="annual_checkup"]');
  await checkup.getByRole('checkbox').uncheck();
  await checkup.getByRole('button', { name: 'Opslaan' }).click();
  await expect(checkup.getByRole('status')).toHaveText('Opgeslagen');
  await page.screenshot({ path: 'test-results/admin-timings.png', fullPage: true });

  // It stays, for this entity only.
  await page.reload();
  await hydrated(page);
  await expect(survey.getByLabel(/^Uren/)).toHaveValue('48');
  await expect(survey).toContainText('Gewijzigd');
  await expect(checkup.getByRole('checkbox')).not.toBeChecked();
  await page.getByLabel('Bedrijf').selectOption({ index: 1 });
  await expect(table.locator('tr[data-trigger="survey"]').getByLabel(/^Uren/)).toHaveValue('168');
  await expect(table.locator('tr[data-trigger="annual_checkup"]').getByRole('checkbox')).toBeChecked();
});

test('a customer rates the installation from the survey link, once @phone', async ({ page }) => {
  const { token, number } = openSurvey();
  await page.goto(`/tevredenheid/${token}`);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hoe tevreden bent u?');
  await expect(page.getByText(number)).toBeVisible();

  // No score: named.
  await page.getByRole('button', { name: 'Versturen' }).click();
  await expect(page.getByRole('alert').first()).toHaveText('Kies een van de mogelijkheden.');

  await page.getByRole('radio', { name: /4/ }).check({ force: true });
  await expect(page.getByText('Kies een van de mogelijkheden.')).toBeHidden();
  await page.getByLabel('Toelichting (optioneel)').fill('Netjes gewerkt, de monteur legde alles uit.');
  await page.screenshot({ path: 'test-results/survey-phone.png', fullPage: true });
  await page.getByRole('button', { name: 'Versturen' }).click();
  await expect(page.getByRole('status')).toContainText('Bedankt voor uw beoordeling');

  // The link works once; an unknown link says so.
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('status')).toContainText('al ingevuld');
  await page.goto('/tevredenheid/onbekend');
  await hydrated(page);
  await expect(page.getByRole('alert')).toHaveText('Deze link is onbekend of niet meer geldig.');

  // Ops see the answers among the message figures.
  await signIn(page, 'ops@chargecars.nl');
  await page.goto('/ops/berichten');
  await hydrated(page);
  const surveys = page.getByTestId('ms-surveys');
  await expect(surveys).toContainText(/[1-5],\d \/ 5/);
  await expect(surveys).toContainText(/[1-9]\d* antwoorden op het onderzoek/);
});
