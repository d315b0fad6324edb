import { test, expect, Page, Locator } from '@playwright/test';
import { hydrated, signIn } from './helpers';

/** A day `days` from now, as the date input writes it. */
function isoDate(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** Drags with the mouse, in steps, as a person would. */
async function drag(page: Page, from: Locator, to: Locator) {
  // Visit cards carry links and buttons: take them by the grip.
  const grip = from.locator('.card-grip');
  const handle = (await grip.count()) > 0 ? grip.first() : from;
  const a = (await handle.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + Math.min(12, a.height / 2));
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

test('a planner builds a day by dragging, optimises, applies and publishes; another board follows live', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const day = isoDate(35);
  await signIn(page, 'planner@chargecars.nl');
  await page.goto(`/ops/planning?datum=${day}`);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Routeplanning');
  await expect(page.getByLabel('Dag')).toHaveValue(day);

  // A second planner watches the same day.
  const other = await browser.newContext();
  const watcher = await other.newPage();
  await signIn(watcher, 'ops@chargecars.nl');
  await watcher.goto(`/ops/planning?datum=${day}`);
  await hydrated(watcher);

  await page.getByRole('button', { name: 'Team toevoegen' }).click();
  const lane = page.locator('article[data-lane]').first();
  await expect(lane).toBeVisible();
  await expect(watcher.locator('article[data-lane]')).toHaveCount(1);

  // Two people into the team, by dragging.
  for (let i = 1; i <= 2; i++) {
    const free = page.locator('.plan-person[data-absent="false"][data-busy="false"]').first();
    await drag(page, free, lane);
    await expect(lane.locator('.plan-member')).toHaveCount(i);
  }

  // Three visits onto the team, by dragging.
  for (let i = 1; i <= 3; i++) {
    await drag(page, page.locator('.plan-unplanned .plan-stop').first(), lane.locator('.plan-drop'));
    await expect(lane.locator('.plan-stop')).toHaveCount(i);
  }
  await expect(lane.getByTestId('eta').first()).toContainText('aankomst');

  // Reorder: the first one later.
  const first = await lane.locator('.plan-stop').first().getAttribute('data-order');
  await lane.locator('.plan-stop').first().getByRole('button', { name: `Later ${first}` }).click();
  await expect(lane.locator('.plan-stop').nth(1)).toHaveAttribute('data-order', first!);
  // The other board moved too, without a reload.
  await expect(watcher.locator('article[data-lane] .plan-stop').nth(1)).toHaveAttribute('data-order', first!);
  await page.screenshot({ path: 'test-results/planning-built.png' });

  // Optimise: a preview, then apply.
  await page.getByRole('button', { name: 'Optimaliseren' }).click();
  const preview = page.getByTestId('preview');
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect(preview).toContainText('km');
  // What the proposal puts on Team 1 is what the lane shows after applying.
  const proposal = (await preview.locator('tbody tr').first().locator('td').nth(2).textContent())!
    .split(' → ').filter((s) => s.length > 0);
  expect(proposal.length).toBeGreaterThanOrEqual(1);
  await page.screenshot({ path: 'test-results/planning-preview.png' });
  await preview.getByRole('button', { name: 'Toepassen' }).click();
  await expect(page.getByTestId('plan-notice')).toContainText('Planning toegepast');
  await expect(lane.locator('.plan-stop')).toHaveCount(proposal.length);
  for (const [i, number] of proposal.entries()) {
    await expect(lane.locator('.plan-stop').nth(i)).toHaveAttribute('data-order', number.trim());
  }
  const planned = proposal.length;

  // Publish; it survives a reload and the other board shows it.
  await page.getByRole('button', { name: 'Publiceren' }).click();
  await expect(page.getByTestId('plan-notice')).toContainText('Gepubliceerd');
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('published')).toBeVisible();
  await expect(page.locator('article[data-lane]').first().locator('.plan-stop')).toHaveCount(planned);
  await expect(watcher.getByTestId('published')).toBeVisible();
  await other.close();
});

test('the planning board works by keyboard on a phone @phone-only', async ({ page }) => {
  const day = isoDate(36);
  await signIn(page, 'planner@chargecars.nl');
  await page.goto(`/ops/planning?datum=${day}`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Team toevoegen' }).click();
  const lane = page.locator('article[data-lane]').first();
  await expect(lane).toBeVisible();
  // A visit onto the team with the move control instead of a drag.
  const card = page.locator('.plan-unplanned .plan-stop').first();
  const number = (await card.getAttribute('data-order'))!;
  await card.getByLabel(`Verplaats naar ${number}`).selectOption({ label: 'Team 1' });
  await card.getByRole('button', { name: 'Verplaatsen' }).click();
  await expect(lane.locator(`[data-order="${number}"]`)).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await lane.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/planning-phone.png' });
});

test('suggested teams cover the day and become a lane in one click', async ({ page }) => {
  const day = isoDate(37);
  await signIn(page, 'planner@chargecars.nl');
  await page.goto(`/ops/planning?datum=${day}`);
  await hydrated(page);
  await expect(page.locator('article[data-lane]')).toHaveCount(0);
  const box = page.getByTestId('suggestions');
  await expect(box).toBeHidden();
  await page.getByRole('button', { name: 'Stel teams voor' }).click();
  const first = box.locator('li[data-suggestion]').first();
  await expect(first).toBeVisible();
  const ids = (await first.getAttribute('data-suggestion'))!.split(',');
  expect(ids.length).toBeGreaterThanOrEqual(2);
  expect(ids.length).toBeLessThanOrEqual(3);
  await first.getByRole('button', { name: 'Team aanmaken' }).click();
  await expect(page.getByTestId('plan-notice')).toContainText('aangemaakt');
  const lane = page.locator('article[data-lane]');
  await expect(lane).toHaveCount(1);
  await expect(lane.locator('.plan-member')).toHaveCount(ids.length);
  // Those people are no longer free, so no suggestion names them again.
  await expect(lane.locator('.plan-member')).toHaveCount(ids.length);
  const named = await page
    .locator('li[data-suggestion]')
    .evaluateAll((els) => els.flatMap((e) => e.getAttribute('data-suggestion')!.split(',')));
  for (const id of ids) expect(named).not.toContain(id);

  // A second team with a free colleague; then only the first team is optimised.
  await page.getByRole('button', { name: 'Team toevoegen' }).click();
  await expect(lane).toHaveCount(2);
  const free = page.locator('.plan-person[data-absent="false"][data-busy="false"] select').first();
  await free.selectOption({ label: 'Team 2' });
  await expect(lane.nth(1).locator('.plan-member')).toHaveCount(1);
  await page.locator('#optimise-teams summary').click();
  await page.locator('#optimise-teams input[data-team-choice]').first().check();
  await page.getByRole('button', { name: 'Optimaliseren (1)' }).click();
  const preview = page.getByTestId('preview');
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect(preview.locator('tbody tr')).toHaveCount(1);
});

test('once the day is published the technician sees the route with the customer slots, on a phone', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const day = isoDate(38);
  await signIn(page, 'planner@chargecars.nl');
  await page.goto(`/ops/planning?datum=${day}`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Team toevoegen' }).click();
  const lane = page.locator('article[data-lane]').first();
  await expect(lane).toBeVisible();
  // Daan Mulder (the demo technician) and one more person.
  await page.getByLabel('Toevoegen aan Daan Mulder').selectOption({ label: 'Team 1' });
  await expect(lane.locator('.plan-member')).toHaveCount(1);
  const other = page.locator('.plan-person[data-absent="false"][data-busy="false"] select').first();
  await other.selectOption({ label: 'Team 1' });
  await expect(lane.locator('.plan-member')).toHaveCount(2);
  await page.getByRole('button', { name: 'Optimaliseren' }).click();
  const preview = page.getByTestId('preview');
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await preview.getByRole('button', { name: 'Toepassen' }).click();
  await expect(page.getByTestId('plan-notice')).toContainText('Planning toegepast');
  const planned = await lane.locator('.plan-stop').count();
  expect(planned).toBeGreaterThan(0);
  const firstOrder = (await lane.locator('.plan-stop').first().getAttribute('data-order'))!;

  // Before publishing the technician sees the team, not the route.
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await ctx.newPage();
  await signIn(phone, 'monteur@chargecars.nl');
  await phone.goto(`/monteur?datum=${day}`);
  await expect(phone.getByRole('status')).toContainText('nog niet gepubliceerd');

  await page.getByRole('button', { name: 'Publiceren' }).click();
  await expect(page.getByTestId('plan-notice')).toContainText('Gepubliceerd');

  await phone.reload();
  await hydrated(phone);
  await expect(phone.getByTestId('my-team')).toContainText('Team 1');
  await expect(phone.locator('li[data-stop]')).toHaveCount(planned);
  const stop = phone.locator(`li[data-stop="${firstOrder}"]`);
  await expect(stop).toContainText(/\d\d:\d\d–\d\d:\d\d/);
  await expect(stop.getByRole('link', { name: 'Route' })).toHaveAttribute('href', /maps/);
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await phone.screenshot({ path: 'test-results/technician-day-phone.png', fullPage: true });
  const slot = (await stop.textContent())!.match(/(\d\d):(\d\d)–\d\d:\d\d/)!;
  await ctx.close();

  // Publishing scheduled the customer's reminders (001): by e-mail 48 hours
  // before the slot, by SMS 24 hours before, on WhatsApp 2 hours before
  // unless quiet hours (before 08:00) would hold it past the start. The
  // order's thread lists them, waiting for their time.
  const start = Number(slot[1]) * 60 + Number(slot[2]);
  const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const dayBefore = (n: number) => new Date(Date.parse(`${day}T12:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
  await page.goto(`/ops/orders/${firstOrder}`);
  await hydrated(page);
  const thread = page.getByTestId('thread');
  const waitingFor = (at: string, channel: string) =>
    thread.locator('[data-direction="out"]').filter({ hasText: `${at} · ${channel}` }).filter({ hasText: 'wacht' });
  await expect(waitingFor(`${dayBefore(2)} ${slot[1]}:${slot[2]}`, 'E-mail')).toHaveCount(1);
  if ((await thread.getByLabel('Antwoorden via').locator('option[value="sms"]').count()) > 0) {
    await expect(waitingFor(`${dayBefore(1)} ${slot[1]}:${slot[2]}`, 'SMS')).toHaveCount(1);
    await expect(waitingFor(`${day} ${clock(start - 120)}`, 'WhatsApp')).toHaveCount(start - 120 >= 8 * 60 ? 1 : 0);
  }
});

test('a day\'s teams saved as a template are laid over another day', async ({ page }) => {
  const day = isoDate(39);
  await signIn(page, 'planner@chargecars.nl');
  await page.goto(`/ops/planning?datum=${day}`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Stel teams voor' }).click();
  const suggestion = page.locator('li[data-suggestion]').first();
  const ids = (await suggestion.getAttribute('data-suggestion'))!.split(',');
  await suggestion.getByRole('button', { name: 'Team aanmaken' }).click();
  await expect(page.locator('article[data-lane] .plan-member')).toHaveCount(ids.length);
  const names = await page.locator('article[data-lane] .plan-member').allTextContents();

  await page.getByRole('button', { name: 'Opslaan als sjabloon' }).click();
  await page.getByLabel('Naam van het sjabloon').fill('Vaste ploeg');
  await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await expect(page.getByTestId('plan-notice')).toContainText('Sjabloon opgeslagen');

  const later = isoDate(46);
  await page.goto(`/ops/planning?datum=${later}`);
  await hydrated(page);
  await expect(page.locator('article[data-lane]')).toHaveCount(0);
  await page.getByLabel('Sjabloon', { exact: true }).selectOption({ label: 'Vaste ploeg (1 teams)' });
  await page.getByRole('button', { name: 'Sjabloon toepassen' }).click();
  await expect(page.getByTestId('plan-notice')).toContainText('teams uit het sjabloon');
  await expect(page.locator('article[data-lane] .plan-member')).toHaveText(names);
});
