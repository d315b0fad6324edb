import { test, expect } from './fixtures';
import { hydrated, signIn } from './helpers';

test('ops record the sign-off, complete the order and the invoice appears', async ({ page }) => {
  await signIn(page, 'ops@chargecars.nl');
  await page.goto('/ops/pipeline');
  await hydrated(page);
  const number = (await page.locator('[data-column="in_progress"] .board-card').first().getAttribute('data-order'))!;
  await page.goto(`/ops/orders/${number}`);
  await hydrated(page);

  // Completing without a sign-off is refused, with the reason.
  const form = page.getByTestId('sign-off');
  await expect(form).toBeVisible();
  await form.getByRole('button', { name: 'Oplevering opslaan' }).click();
  await expect(form.getByRole('alert')).toContainText('Laat de klant tekenen.');
  await expect(form.getByRole('alert')).toContainText('Vink de hele checklist af.');

  await form.getByLabel('Naam van de klant').fill('Koen Demir');
  const pad = (await form.getByTestId('signature-pad').boundingBox())!;
  await page.mouse.move(pad.x + 20, pad.y + 80);
  await page.mouse.down();
  for (const [x, y] of [[60, 30], [100, 90], [140, 40], [200, 85], [260, 35]]) {
    await page.mouse.move(pad.x + x, pad.y + y, { steps: 3 });
  }
  await page.mouse.up();
  await form.getByLabel("Aantal foto's ontvangen").fill('4');
  for (const item of await form.getByRole('checkbox').all()) await item.check();
  await form.getByRole('button', { name: 'Oplevering opslaan' }).click();
  await expect(form.getByRole('status')).toHaveText('Oplevering opgeslagen. De order kan naar Afgerond.');

  // Now the board lets it complete, and the order has its invoice.
  await page.goto('/ops/pipeline');
  await hydrated(page);
  await page.getByLabel('Zoeken').fill(number);
  await page.getByLabel('Zoeken').press('Enter');
  await expect(page.locator('.board-card')).toHaveCount(1);
  await page.locator(`[data-order="${number}"]`).getByRole('button', { name: 'Verplaatsen' }).click();
  await page.getByRole('button', { name: 'Verplaats naar Afgerond' }).click();
  await expect(page.locator(`[data-column="completed"] [data-order="${number}"]`)).toBeVisible();

  await page.goto(`/ops/orders/${number}`);
  await hydrated(page);
  await expect(page.getByTestId('order-status')).toHaveText('Afgerond');
  const invoices = page.getByRole('region', { name: 'Facturen' }).or(page.locator('section[aria-labelledby="h-invoices"]'));
  await expect(invoices.locator('tbody tr').first()).toContainText(/-F\d{4}-\d{5}/);
  await page.screenshot({ path: 'test-results/order-completed.png', fullPage: true });
});
