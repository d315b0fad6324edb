import { test, expect, Page, Locator } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, signIn } from './helpers';
import { addToTeam, freePerson, lanes, moveByDialog } from './board';

/** A day `days` from now, as the date input writes it. */
function isoDate(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** The first working day at least `days` from now. */
function workday(days: number): string {
  for (let n = days; ; n++) {
    const d = new Date(Date.now() + n * 86_400_000);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) return d.toISOString().slice(0, 10);
  }
}

/** Drags with the mouse, in steps, as a person would, to a point. */
async function dragTo(page: Page, from: Locator, x: number, y: number) {
  // Cards carry links and buttons: take them by the grip.
  const grip = from.locator('.card-grip');
  const handle = (await grip.count()) > 0 ? grip.first() : from;
  const a = (await handle.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + Math.min(10, a.height / 2));
  await page.mouse.down();
  await page.mouse.move(x, y, { steps: 8 });
  await page.mouse.up();
}

/** Drags onto the middle of `to`. */
async function drag(page: Page, from: Locator, to: Locator) {
  const b = (await to.boundingBox())!;
  await dragTo(page, from, b.x + b.width / 2, b.y + b.height / 2);
}

/** The x of a time of day on a lane's timeline (07:00–19:00). */
async function timeX(lane: Locator, hour: number): Promise<[number, number]> {
  const t = (await lane.locator('[data-track]').boundingBox())!;
  return [t.x + ((hour - 7) / 12) * t.width, t.y + t.height / 2];
}

test('a planner builds a day on the timeline, optimises with a diff, applies and publishes; another board follows live', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const day = isoDate(35);
  await signIn(page, 'planner@chargecars.nl');
  await page.goto(`/ops/planning?datum=${day}`);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Routeplanning');
  await expect(page.getByLabel('Dag', { exact: true })).toHaveValue(day);

  // A second planner watches the same day.
  const other = await browser.newContext();
  const watcher = await other.newPage();
  await signIn(watcher, 'ops@chargecars.nl');
  await watcher.goto(`/ops/planning?datum=${day}`);
  await hydrated(watcher);

  await page.getByRole('button', { name: 'Team toevoegen' }).click();
  const lane = lanes(page).first();
  await expect(lane).toBeVisible();
  await expect(lanes(watcher)).toHaveCount(1);

  // Two people into the team, by dragging them onto the lane.
  for (let i = 1; i <= 2; i++) {
    await drag(page, freePerson(page), lane);
    await expect(lane).toHaveAttribute('data-members', String(i));
  }

  // Three visits onto the timeline, by dragging: each at 09:00 goes
  // before the ones already there.
  const dropped: string[] = [];
  for (let i = 1; i <= 3; i++) {
    const card = page.locator('.plan-unplanned .plan-stop').first();
    dropped.unshift((await card.getAttribute('data-order'))!);
    const [x, y] = await timeX(lane, 9);
    await dragTo(page, card, x, y);
    await expect(lane.locator('.tl-stop')).toHaveCount(i);
  }
  await expect(lane.locator('.tl-stop')).toHaveCount(3);
  const order = await lane.locator('.tl-stop').evaluateAll((els) => els.map((e) => e.getAttribute('data-order')));
  expect(order).toEqual(dropped);

  // The chosen lane shows its stops in detail, and its route lights up on the map.
  await lane.locator('.tl-name').click();
  const detail = page.getByTestId('team-detail');
  await expect(detail.getByTestId('eta').first()).toContainText('aankomst');
  await expect(page.locator(`[data-testid="map"] g[data-team]`).first()).toHaveAttribute('data-lit', 'true');

  // Reorder on the timeline: the first stop dragged to the end of the day
  // becomes the last.
  const first = order[0]!;
  const [x, y] = await timeX(lane, 18.97);
  await dragTo(page, lane.locator('.tl-stop').first(), x, y);
  await expect(lane.locator('.tl-stop').nth(2)).toHaveAttribute('data-order', first);
  // The other board moved too, without a reload.
  await expect(lanes(watcher).locator('.tl-stop').nth(2)).toHaveAttribute('data-order', first);
  await page.screenshot({ path: 'test-results/planning-built.png' });

  // Optimise: a first plan at once while the search goes on, then the
  // better one with the difference, then apply.
  await page.getByRole('button', { name: 'Optimaliseren' }).click();
  const preview = page.getByTestId('preview');
  const solving = page.getByTestId('solving');
  await expect(solving).toHaveAttribute('data-interim', 'true', { timeout: 4_000 });
  await expect(preview).toBeVisible();
  await expect(solving).toContainText('Beste plan tot nu toe');
  await page.screenshot({ path: 'test-results/planning-interim.png' });
  await expect(solving).toHaveCount(0, { timeout: 30_000 });
  await expect(preview).toBeVisible();
  const totals = preview.getByTestId('preview-totals');
  await expect(totals).toContainText('km');
  await expect(totals).toContainText('Overuren');
  await expect(totals).toContainText('Te laat');
  await expect(totals).toContainText('Te plannen');
  // What the proposal puts on Team 1 is what the lane shows after applying.
  const proposal = (await preview.locator('tbody tr').first().getByTestId('route').textContent())!
    .split(' → ').filter((s) => s.length > 0);
  expect(proposal.length).toBeGreaterThanOrEqual(1);
  await page.screenshot({ path: 'test-results/planning-preview.png' });
  await preview.getByRole('button', { name: 'Toepassen' }).click();
  await expect(page.getByTestId('plan-notice')).toContainText('Planning toegepast');
  await expect(lane.locator('.tl-stop')).toHaveCount(proposal.length);
  for (const [i, number] of proposal.entries()) {
    await expect(lane.locator('.tl-stop').nth(i)).toHaveAttribute('data-order', number.trim());
  }
  const planned = proposal.length;

  // Publish; it survives a reload and the other board shows it.
  await page.getByRole('button', { name: 'Publiceren' }).click();
  await expect(page.getByTestId('plan-notice')).toContainText('Gepubliceerd');
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('published')).toBeVisible();
  await expect(lanes(page).first().locator('.tl-stop')).toHaveCount(planned);
  await expect(watcher.getByTestId('published')).toBeVisible();
  await other.close();
});

test('a demo day fits one screen at 1440×900: lanes, people, map and panel, with warnings per team', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const day = workday(2);
  await signIn(page, 'planner@chargecars.nl');
  await page.goto(`/ops/planning?datum=${day}`);
  await hydrated(page);
  const count = await lanes(page).count();
  expect(count).toBeGreaterThan(2);
  // No page scroll: only the columns scroll.
  const [height, inner] = await page.evaluate(() => [document.documentElement.scrollHeight, window.innerHeight]);
  expect(height).toBeLessThanOrEqual(inner);
  for (const part of ['.dispatch-pool', '.dispatch-lanes', '[data-testid="map"]', '.dispatch-panel']) {
    const box = (await page.locator(part).boundingBox())!;
    expect(box.y + Math.min(box.height, 40)).toBeLessThanOrEqual(900);
  }
  // Every lane's visits are drawn on its timeline, inside 07:00–19:00.
  const track = (await lanes(page).first().locator('[data-track]').boundingBox())!;
  for (const bar of await page.locator('.tl-stop').all()) {
    const b = (await bar.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(track.x - 1);
    expect(b.x + b.width).toBeLessThanOrEqual(track.x + track.width + 1);
  }
  // Warnings are counted per lane and listed per team in the panel.
  const flagged = page.getByTestId('lane-flags');
  if ((await flagged.count()) > 0) {
    await flagged.first().click();
    await expect(page.getByTestId('flags')).toBeVisible();
  } else {
    await page.getByRole('button', { name: /^⚠ Let op/ }).click();
    await expect(page.getByText('Geen waarschuwingen')).toBeVisible();
  }
  await page.screenshot({ path: 'test-results/planning-board-1440.png' });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
});

test('the planning board works by keyboard on a phone, with no axe violations @phone-only', async ({ page }) => {
  const day = isoDate(36);
  await signIn(page, 'planner@chargecars.nl');
  await page.goto(`/ops/planning?datum=${day}`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Team toevoegen' }).click();
  const lane = lanes(page).first();
  await expect(lane).toBeVisible();
  // A visit onto the team with the move dialog instead of a drag.
  const card = page.locator('.plan-unplanned .plan-stop').first();
  const number = (await card.getAttribute('data-order'))!;
  await moveByDialog(page, card.getByRole('button', { name: `Inplannen ${number}` }), { team: 'Team 1' });
  await expect(lane.locator(`[data-order="${number}"]`)).toBeVisible();
  // And by keyboard alone: Enter on the bar opens the same dialog.
  await lane.locator(`[data-order="${number}"]`).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toContainText(number);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await lane.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/planning-phone.png' });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
});

test('suggested teams cover the day and become a lane in one click', async ({ page }) => {
  const day = isoDate(37);
  await signIn(page, 'planner@chargecars.nl');
  await page.goto(`/ops/planning?datum=${day}`);
  await hydrated(page);
  await expect(lanes(page)).toHaveCount(0);
  const box = page.getByTestId('suggestions');
  await expect(box).toHaveCount(0);
  await page.getByRole('button', { name: 'Stel teams voor' }).click();
  const first = box.locator('li[data-suggestion]').first();
  await expect(first).toBeVisible();
  const ids = (await first.getAttribute('data-suggestion'))!.split(',');
  expect(ids.length).toBeGreaterThanOrEqual(2);
  expect(ids.length).toBeLessThanOrEqual(3);
  await first.getByRole('button', { name: 'Team aanmaken' }).click();
  await expect(page.getByTestId('plan-notice')).toContainText('aangemaakt');
  const lane = lanes(page);
  await expect(lane).toHaveCount(1);
  await expect(lane).toHaveAttribute('data-members', String(ids.length));
  // Those people are no longer free, so no suggestion names them again.
  await page.getByRole('button', { name: 'Stel teams voor' }).click();
  await expect(box).toBeVisible();
  const named = await page
    .locator('li[data-suggestion]')
    .evaluateAll((els) => els.flatMap((e) => e.getAttribute('data-suggestion')!.split(',')));
  for (const id of ids) expect(named).not.toContain(id);

  // A second team with a free colleague; then only the first team is optimised.
  await page.getByRole('button', { name: 'Team toevoegen' }).click();
  await expect(lane).toHaveCount(2);
  await addToTeam(page, freePerson(page), 'Team 2');
  await expect(lane.nth(1)).toHaveAttribute('data-members', '1');
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
  const lane = lanes(page).first();
  await expect(lane).toBeVisible();
  // Daan Mulder (the demo technician) and one more person.
  await page.getByRole('button', { name: 'Toevoegen aan Daan Mulder' }).click();
  await page.getByRole('dialog').getByRole('button', { name: /^Team 1 \(/ }).click();
  await expect(lane).toHaveAttribute('data-members', '1');
  await addToTeam(page, freePerson(page), 'Team 1');
  await expect(lane).toHaveAttribute('data-members', '2');
  await page.getByRole('button', { name: 'Optimaliseren' }).click();
  const preview = page.getByTestId('preview');
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await preview.getByRole('button', { name: 'Toepassen' }).click();
  await expect(page.getByTestId('plan-notice')).toContainText('Planning toegepast');
  const planned = await lane.locator('.tl-stop').count();
  expect(planned).toBeGreaterThan(0);
  const firstOrder = (await lane.locator('.tl-stop').first().getAttribute('data-order'))!;

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
  await expect(lanes(page)).toHaveAttribute('data-members', String(ids.length));
  const names = (await lanes(page).getByTestId('lane-people').getAttribute('title'))!;
  expect(names.split(', ')).toHaveLength(ids.length);

  await page.locator('summary', { hasText: 'Sjablonen' }).click();
  await page.getByRole('button', { name: 'Opslaan als sjabloon' }).click();
  await page.getByLabel('Naam van het sjabloon').fill('Vaste ploeg');
  await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await expect(page.getByTestId('plan-notice')).toContainText('Sjabloon opgeslagen');

  const later = isoDate(46);
  await page.goto(`/ops/planning?datum=${later}`);
  await hydrated(page);
  await expect(lanes(page)).toHaveCount(0);
  await page.locator('summary', { hasText: 'Sjablonen' }).click();
  await page.getByLabel('Sjabloon', { exact: true }).selectOption({ label: 'Vaste ploeg (1 teams)' });
  await page.getByRole('button', { name: 'Sjabloon toepassen' }).click();
  await expect(page.getByTestId('plan-notice')).toContainText('teams uit het sjabloon');
  await expect(lanes(page).getByTestId('lane-people')).toHaveAttribute('title', names);
});

test('the week view moves a visit to another day; the customer is told, with the reason asked first', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, 'planner@chargecars.nl');
  // A week whose first days are published (the demo publishes a week ahead).
  await page.goto(`/ops/planning/week?datum=${workday(6)}`);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Weekplanning');
  const week = page.getByTestId('week');
  await expect(week.locator('thead th[data-date]')).toHaveCount(5);
  // A published team's day with visits, and the same team on another day.
  const pick = await week.evaluate((table) => {
    for (const tr of Array.from(table.querySelectorAll('tbody tr'))) {
      const cells = Array.from(tr.querySelectorAll('td[data-week-team]'));
      const from = cells.find((c) => c.getAttribute('data-published') === 'true' && c.querySelector('.week-visit'));
      const to = cells.find((c) => c !== from);
      if (from && to) return [from.getAttribute('data-week-team')!, to.getAttribute('data-week-team')!];
    }
    return null;
  });
  expect(pick, 'a team with visits on a published day and on another day').not.toBeNull();
  const [fromTeam, toTeam] = pick!;
  const visit = week.locator(`td[data-week-team="${fromTeam}"] .week-visit`).first();
  const number = (await visit.getAttribute('data-order'))!;
  const to = week.locator(`td[data-week-team="${toTeam}"]`);
  await visit.scrollIntoViewIfNeeded();
  await drag(page, visit, to);
  // A published day changes only with a reason.
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Verplaatsen' }).click();
  await expect(dialog.getByRole('alert')).toBeVisible();
  await dialog.getByLabel('Reden').fill('Klant is die dag niet thuis');
  await dialog.getByRole('button', { name: 'Verplaatsen' }).click();
  await expect(page.getByTestId('plan-notice')).toContainText(`${number} verplaatst`);
  await expect(week.locator(`td[data-week-team="${toTeam}"] .week-visit[data-order="${number}"]`)).toHaveCount(1);
  await page.screenshot({ path: 'test-results/planning-week.png' });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);

  // The customer is told of the new day.
  await page.goto(`/ops/orders/${number}`);
  await hydrated(page);
  await expect(
    page.getByTestId('thread').locator('[data-direction="out"]').filter({ hasText: 'Wijziging van uw afspraak' }),
  ).not.toHaveCount(0);
});
