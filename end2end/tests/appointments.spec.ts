import { test, expect, Page } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, newestLink, newestMail, signIn } from './helpers';

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/**
 * The customer portal's appointment (issue 17), on a phone: klant4's
 * approved order waits for them to choose a time. They sign in by link,
 * choose one of the greener slots, confirm, move it with a reason, and
 * take the calendar file; a planner's open board follows without a reload.
 */
test('a customer chooses and moves their installation time; the planner sees it live @phone-only', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await page.goto('/inloglink');
  await hydrated(page);
  await page.getByLabel('E-mailadres').fill('klant4@example.nl');
  await page.getByRole('button', { name: 'Stuur mij een inloglink' }).click();
  const link = await newestLink('klant4@example.nl', '/inloglink?token=');
  await page.goto(link);
  await hydrated(page);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await expect(page).toHaveURL(/\/klant$/);
  await page.getByRole('table', { name: 'Mijn orders' }).getByRole('link').first().click();
  await expect(page).toHaveURL(/\/klant\/orders\//);
  await hydrated(page);
  const number = decodeURIComponent(page.url().split('/').pop()!);

  const appointment = page.getByTestId('appointment');
  await expect(appointment.getByRole('heading', { name: 'Uw installatieafspraak' })).toBeVisible();
  const best = appointment.getByTestId('best-slots').getByTestId('slot');
  await expect(best.first()).toBeVisible({ timeout: 15_000 });
  await expect(best.first()).toContainText('km rijden');
  // Least extra driving first ("Groener" marks a team already nearby).
  const km = (await best.allTextContents()).map((t) => Number(t.match(/\+(\d+) km rijden/)![1]));
  expect(km).toEqual([...km].sort((a, b) => a - b));
  await page.screenshot({ path: `test-results/klant-afspraak-kiezen.png`, fullPage: true });
  expect(await violations(page)).toEqual([]);

  // Choose the greenest: it is held, then confirmed.
  const day1 = (await best.first().getAttribute('data-date'))!;
  await best.first().click();
  const hold = appointment.getByTestId('hold');
  await expect(hold).toContainText('Voor u vastgehouden tot');
  await hold.getByRole('button', { name: 'Afspraak bevestigen' }).click();
  await expect(appointment.getByRole('status')).toHaveText('Afspraak bevestigd. U ontvangt een bevestiging per e-mail.');
  await expect(appointment.getByTestId('appointment-when')).toHaveAttribute('data-date', day1);
  const confirmation = await newestMail('is ingepland', number);
  expect(confirmation.subject).toContain('is ingepland');

  // A planner has that day's board open.
  const desk = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const board = await desk.newPage();
  await signIn(board, 'planner@chargecars.nl');
  await board.goto(`/ops/planning?datum=${day1}`);
  await hydrated(board);
  const stop = board.locator(`.tl-lane .tl-stop[data-order="${number}"]`);
  await expect(stop).toHaveCount(1);

  // Move it to another day, with a reason.
  await appointment.getByRole('button', { name: 'Afspraak verzetten' }).click();
  await appointment.getByLabel('Waarom wilt u de afspraak verzetten?').fill('Dan ben ik op vakantie');
  const other = appointment.locator(`[data-testid="best-slots"] [data-testid="slot"]:not([data-date="${day1}"])`).first();
  await expect(other).toBeVisible({ timeout: 15_000 });
  const day2 = (await other.getAttribute('data-date'))!;
  await other.click();
  await appointment.getByTestId('hold').getByRole('button', { name: 'Afspraak bevestigen' }).click();
  await expect(appointment.getByTestId('appointment-when')).toHaveAttribute('data-date', day2);
  await expect(appointment.getByRole('status')).toBeVisible();
  // The open board lost the visit without a reload.
  await expect(stop).toHaveCount(0);
  await newestMail('Wijziging van uw afspraak', number);

  // The calendar file.
  const ics = await page.request.get(`/api/orders/${encodeURIComponent(number)}/afspraak.ics`);
  expect(ics.status()).toBe(200);
  expect(ics.headers()['content-type']).toContain('text/calendar');
  const body = await ics.text();
  expect(body).toContain('BEGIN:VEVENT');
  expect(body).toContain(`DTSTART:${day2.replace(/-/g, '')}T`);

  // What the installer should know.
  const access = page.getByTestId('access');
  await access.getByLabel('Waar is de meterkast?').fill('In de kelder, trap links');
  await access.getByLabel('Huisdieren').fill('Een hond, Bobbie');
  await access.getByRole('button', { name: 'Opslaan' }).click();
  await expect(access.getByRole('status')).toContainText('Opgeslagen');
  await page.screenshot({ path: `test-results/klant-afspraak-verzet.png`, fullPage: true });
  expect(await violations(page)).toEqual([]);

  // Ops see the move, its reason and the count.
  await board.goto('/ops/afspraken');
  await hydrated(board);
  const row = board.getByTestId('appointment-changes').locator('tr', { hasText: number }).first();
  await expect(row).toContainText('Verzet');
  await expect(row).toContainText('Dan ben ik op vakantie');
  await board.goto(`/ops/orders/${encodeURIComponent(number)}`);
  await hydrated(board);
  await expect(board.getByTestId('access-notes')).toContainText('In de kelder, trap links');
  await board.screenshot({ path: 'test-results/ops-afspraak-order.png', fullPage: true });
  await desk.close();
});
