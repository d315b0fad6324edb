import { test, expect, Page, Locator } from './fixtures';
import { readFileSync } from 'fs';
import path from 'path';
import { hydrated, signIn } from './helpers';

const column = (page: Page, slug: string) => page.locator(`[data-column="${slug}"]`);

/** Opens the board showing only the first order of a column (by search). */
async function boardWithOne(page: Page, slug: string): Promise<string> {
  await page.goto('/ops/pipeline');
  await hydrated(page);
  const first = column(page, slug).locator('.board-card').first();
  await expect(first).toBeVisible();
  const number = (await first.getAttribute('data-order'))!;
  await search(page, number);
  return number;
}

async function search(page: Page, text: string) {
  await page.getByLabel('Zoeken').fill(text);
  await page.getByLabel('Zoeken').press('Enter');
  await expect(page.locator('.board-card')).toHaveCount(1);
}

/** Drags with the mouse, step by step, as a person would. */
async function drag(page: Page, card: Locator, target: Locator, whileDragging?: () => Promise<void>) {
  const from = (await card.locator('.card-grip').boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 30, from.y + 40, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 10 });
  if (whileDragging) await whileDragging();
  await page.mouse.up();
}

test('a card dragged to a legal column stays there after a reload', async ({ page }) => {
  await signIn(page, 'ops@chargecars.nl');
  const number = await boardWithOne(page, 'lead');
  const card = page.locator(`[data-order="${number}"]`);
  await expect(column(page, 'lead').locator(card)).toBeVisible();

  await drag(page, card, column(page, 'intake'), async () => {
    // While dragging, the legal column lights up and an illegal one dims.
    await expect(column(page, 'intake')).toHaveAttribute('data-drop', 'ok');
    await expect(column(page, 'completed')).toHaveAttribute('data-drop', 'no');
  });
  await expect(page.getByTestId('notice')).toContainText(`${number} → Intake verstuurd`);
  await expect(column(page, 'intake').locator(`[data-order="${number}"]`)).toBeVisible();

  await page.reload();
  await hydrated(page);
  await search(page, number);
  await expect(column(page, 'intake').locator(`[data-order="${number}"]`)).toHaveAttribute('data-status', 'intake_sent');
});

test('an illegal drop is refused with the reason, and the card stays', async ({ page }) => {
  await signIn(page, 'ops@chargecars.nl');
  const number = await boardWithOne(page, 'lead');
  const card = page.locator(`[data-order="${number}"]`);
  await drag(page, card, column(page, 'quote'));
  await expect(page.getByRole('alert').filter({ hasText: number })).toContainText('Deze stap bestaat niet in de workflow.');
  await page.reload();
  await hydrated(page);
  await search(page, number);
  await expect(column(page, 'lead').locator(`[data-order="${number}"]`)).toBeVisible();
});

test('the keyboard moves a card too, and hold asks for a reason @phone', async ({ page }) => {
  await signIn(page, 'planner@chargecars.nl');
  const number = await boardWithOne(page, 'planning');
  const card = page.locator(`[data-order="${number}"]`);
  await card.getByRole('button', { name: 'Verplaatsen' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Order verplaatsen ${number}` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Verplaats naar On hold' }).click();

  const reason = page.getByRole('dialog', { name: 'Order on hold zetten' });
  await reason.getByLabel('Reden').selectOption('site_not_ready');
  await reason.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(reason.getByRole('alert')).toHaveText('Geef een reden op.');
  await reason.getByLabel('Toelichting').fill('Meterkast wordt eerst vervangen door de netbeheerder');
  await reason.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(page.getByTestId('notice')).toContainText(`${number} → On hold`);
  const held = column(page, 'on_hold').locator(`[data-order="${number}"]`);
  await expect(held).toContainText('Locatie niet gereed: Meterkast wordt eerst vervangen');

  // From hold it can only go back to where it came from.
  await held.getByRole('button', { name: 'Verplaatsen' }).click();
  const back = page.getByRole('dialog', { name: `Order verplaatsen ${number}` });
  const buttons = back.getByRole('button', { name: /^Verplaats naar/ });
  await expect(buttons).toHaveCount(1);
  await page.screenshot({ path: 'test-results/pipeline-move-dialog.png' });
  await buttons.first().click();
  await expect(column(page, 'planning').locator(`[data-order="${number}"]`)).toBeVisible();
});

test('a move on one board shows on another without a reload', async ({ page, browser }) => {
  await signIn(page, 'ops@chargecars.nl');
  const number = await boardWithOne(page, 'lead');

  const other = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await signIn(other, 'planner@chargecars.nl');
  await other.goto('/ops/pipeline');
  await hydrated(other);
  await search(other, number);
  await expect(column(other, 'lead').locator(`[data-order="${number}"]`)).toBeVisible();

  const card = page.locator(`[data-order="${number}"]`);
  await card.getByRole('button', { name: 'Verplaatsen' }).click();
  await page.getByRole('button', { name: 'Verplaats naar Intake verstuurd' }).click();
  await expect(column(page, 'intake').locator(`[data-order="${number}"]`)).toBeVisible();

  // The second board follows, with no reload.
  await expect(column(other, 'intake').locator(`[data-order="${number}"]`)).toBeVisible();
  await other.close();
});

test('filters and the conversion bar', async ({ page }) => {
  await signIn(page, 'ops@chargecars.nl');
  await page.goto('/ops/pipeline');
  await hydrated(page);
  await expect(page.getByTestId('conversion').locator('li')).toHaveCount(4);
  await expect(page.getByTestId('conversion')).toContainText('doel 80%');
  const total = async () => {
    const counts = await page.getByTestId('column-total').allTextContents();
    return counts.reduce((a, b) => a + Number(b), 0);
  };
  const all = await total();
  expect(all).toBeGreaterThan(6000);
  await page.getByLabel('Partner').selectOption({ label: 'Groendus' });
  await expect.poll(total).toBeLessThan(all);
  const groendus = await total();
  await page.getByLabel('SLA').selectOption('overdue');
  const badges = () => page.locator('[data-testid="sla"]').allTextContents();
  await expect.poll(async () => [...new Set(await badges())]).toEqual(['Te laat']);
  expect(await total()).toBeLessThan(groendus);
  await page.screenshot({ path: 'test-results/pipeline-filtered.png' });
});

test('the order page shows the history of a moved order', async ({ page }) => {
  await signIn(page, 'ops@chargecars.nl');
  const number = await boardWithOne(page, 'lead');
  const card = page.locator(`[data-order="${number}"]`);
  await card.getByRole('button', { name: 'Verplaatsen' }).click();
  await page.getByRole('button', { name: 'Verplaats naar Geannuleerd' }).click();
  const reason = page.getByRole('dialog', { name: 'Order annuleren' });
  await reason.getByLabel('Reden').selectOption('duplicate');
  await reason.getByLabel('Toelichting').fill('Al besteld via de website');
  await reason.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(column(page, 'cancelled').locator(`[data-order="${number}"]`)).toBeVisible();

  await column(page, 'cancelled').getByRole('link', { name: number }).click();
  await expect(page).toHaveURL(new RegExp(`/ops/orders/${number}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(number);
  await expect(page.getByTestId('order-status')).toHaveText('Geannuleerd');
  const first = page.getByTestId('timeline').locator('li').first();
  await expect(first).toContainText('Geannuleerd ← Nieuwe lead');
  await expect(first).toContainText('Joost Bakker');
  await expect(first).toContainText('Dubbele order: Al besteld via de website');
  await expect(page.getByRole('heading', { name: 'Contacten' })).toBeVisible();
  await page.screenshot({ path: 'test-results/order-detail.png', fullPage: true });
});

test('an order of an entity with its own workflow (003, rental) is on the board and is dragged through its columns', async ({ page, browser }) => {
  // An admin sets up a rental company with 003's workflow, and a lead comes in.
  const letters = Array.from({ length: 4 }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join('');
  const code = `verhuur-${letters.toLowerCase()}`;
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin@chargecars.nl');
  const api = (url: string, data: object) =>
    admin.request.post(url, { headers: { Accept: 'application/json' }, data });
  const made = await api('/api/admin/entities/create', {
    form: {
      code, name: `Verhuur ${letters} B.V.`, brand: `Verhuur ${letters}`, order_prefix: `R${letters}`,
      support_email: 'support@verhuur.nl', sales_email: 'sales@verhuur.nl', admin_email: 'admin@verhuur.nl',
      noreply_email: 'noreply@verhuur.nl', whatsapp_number: '', brand_color: '#0f766e',
    },
  });
  expect(made.status(), await made.text()).toBe(200);
  const rental = JSON.parse(readFileSync(path.join(__dirname, '../../server/services/src/workflows/rental_003.json'), 'utf8'));
  const saved = await api('/api/admin/workflow/save', { entity_id: await made.json(), version: null, workflow: rental });
  expect(saved.status(), await saved.text()).toBe(200);
  const lead = await api('/api/orders/lead', {
    lead: {
      entity_code: code, first_name: 'Mette', last_name: 'Jensen', email: 'mette.jensen@example.nl', phone: '0612345678',
      street: 'Havenweg', house_number: '3', postcode: '3861AB', city: 'Nijkerk', charger_count: 1, partner_id: null,
    },
  });
  expect(lead.status(), await lead.text()).toBe(200);
  const number: string = await lead.json();
  expect(number).toMatch(new RegExp(`^R${letters}-`));
  await admin.close();

  // With every company on the board, the order is in its workflow's first
  // column, under its own status name.
  await signIn(page, 'ops@chargecars.nl');
  await page.goto('/ops/pipeline');
  await hydrated(page);
  await search(page, number);
  const card = page.locator(`[data-order="${number}"]`);
  await expect(column(page, 'lead').locator(card)).toContainText('Bestilling modtaget');

  // Dragged as any order: the columns its workflow allows light up.
  await drag(page, card, column(page, 'intake'), async () => {
    await expect(column(page, 'intake')).toHaveAttribute('data-drop', 'ok');
    await expect(column(page, 'approved')).toHaveAttribute('data-drop', 'ok');
    await expect(column(page, 'quote')).toHaveAttribute('data-drop', 'no');
    await expect(column(page, 'planning')).toHaveAttribute('data-drop', 'no');
  });
  await expect(page.getByTestId('notice')).toContainText(`${number} → Afventer behandling`);
  await expect(column(page, 'intake').locator(card)).toHaveAttribute('data-status', 'afventer_behandling');
  await drag(page, card, column(page, 'approved'));
  await expect(column(page, 'approved').locator(card)).toContainText('Bestilt');

  // The keyboard offers the workflow's next step only.
  await card.getByRole('button', { name: 'Verplaatsen' }).click();
  const dialog = page.getByRole('dialog', { name: `Order verplaatsen ${number}` });
  await expect(dialog.getByRole('button', { name: /^Verplaats naar/ })).toHaveText(['Verplaats naar Udlejet']);
  await dialog.getByRole('button', { name: 'Verplaats naar Udlejet' }).click();
  await expect(column(page, 'in_progress').locator(card)).toContainText('Udlejet');

  // Filtered to the company, its one order is where it was left.
  await page.reload();
  await hydrated(page);
  await page.getByLabel('Bedrijf').selectOption(code);
  await expect(page.locator('.board-card')).toHaveCount(1);
  await expect(column(page, 'in_progress').locator(card)).toHaveAttribute('data-status', 'udlejet');
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/pipeline-rental.png' });
});
