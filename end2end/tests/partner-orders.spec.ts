import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, signIn } from './helpers';

test('a partner finds its orders by search and filters, and downloads them as CSV', async ({ page }) => {
  await signIn(page, 'partner@groendus.nl');
  await page.goto('/partner');
  await hydrated(page);
  await page.getByRole('navigation', { name: 'Navigatie binnen het portaal' }).getByRole('link', { name: 'Orders', exact: true }).click();
  await expect(page).toHaveURL(/\/partner\/orders$/);
  await hydrated(page);

  const total = page.getByTestId('po-total');
  await expect(total).toContainText('orders');
  const all = Number((await total.innerText()).split(' ')[0]);
  expect(all).toBeGreaterThan(1);
  const rows = page.getByTestId('po-table').locator('tbody tr');
  const first = (await rows.first().locator('td').first().innerText()).trim();

  // The whole export, with a header, before narrowing.
  const csv = await (await page.request.get((await page.getByTestId('po-csv').getAttribute('href'))!)).text();
  expect(csv.split('\n')[0]).toBe('order;status;merk;klant;postcode;plaats;regio;aangemaakt;status sinds');
  expect(csv.trim().split('\n')).toHaveLength(all + 1);

  // A search by number finds that one order.
  await page.getByLabel('Zoeken').fill(first.toLowerCase());
  await page.getByLabel('Zoeken').press('Enter');
  await expect(total).toHaveText('1 orders');
  await expect(rows).toHaveCount(1);
  const narrowed = await (await page.request.get((await page.getByTestId('po-csv').getAttribute('href'))!)).text();
  expect(narrowed.trim().split('\n')).toHaveLength(2);
  expect(narrowed).toContain(first);

  // A status filter shows only orders in that status.
  await page.getByLabel('Zoeken').fill('');
  await page.getByLabel('Zoeken').press('Enter');
  await expect(total).toHaveText(`${all} orders`);
  await page.getByLabel('Status').selectOption({ index: 1 });
  const chosen = await page.getByLabel('Status').locator('option:checked').innerText();
  await expect(rows.first()).toContainText(chosen);
  const narrowedCount = Number((await total.innerText()).split(' ')[0]);
  expect(narrowedCount).toBeLessThanOrEqual(all);
  for (const r of await rows.all()) await expect(r).toContainText(chosen);

  // The order page opens from the list, with its timeline.
  await rows.first().getByRole('link').click();
  await expect(page).toHaveURL(/\/partner\/orders\/[A-Z]+-\d{4}-\d{5}$/);

  await page.goto('/partner/orders');
  await hydrated(page);
  const a11y = await new AxeBuilder({ page }).analyze();
  expect(a11y.violations).toEqual([]);
  await page.screenshot({ path: 'test-results/partner-orders.png' });
});

test('the order list pages through 50 at a time', async ({ page }) => {
  await signIn(page, 'partner@groendus.nl');
  await page.goto('/partner/orders');
  await hydrated(page);
  const rows = page.getByTestId('po-table').locator('tbody tr');
  await expect(rows).toHaveCount(50);
  const first = await rows.first().innerText();
  await page.getByRole('button', { name: 'Volgende' }).click();
  await expect(page.getByText('2 / ')).toBeVisible();
  await expect(rows.first()).not.toHaveText(first);
  await expect(page.getByRole('button', { name: 'Vorige' })).toBeEnabled();
});

test('a partner sees the invoices of its orders with totals and opens a PDF', async ({ page }) => {
  await signIn(page, 'partner@groendus.nl');
  await page.goto('/partner/orders');
  await hydrated(page);
  await page.getByRole('navigation', { name: 'Navigatie binnen het portaal' }).getByRole('link', { name: 'Facturen', exact: true }).click();
  await expect(page).toHaveURL(/\/partner\/facturen$/);
  await hydrated(page);
  const rows = page.getByTestId('inv-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId('inv-earned')).toContainText('€');
  // Newest first, 25 at a time.
  await expect(rows).toHaveCount(25);
  await page.getByTestId('inv-more').click();
  await expect.poll(() => rows.count()).toBeGreaterThan(25);
  const href = (await rows.first().getByRole('link', { name: /^PDF / }).getAttribute('href'))!;
  const pdf = await page.request.get(href);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');
  const a11y = await new AxeBuilder({ page }).analyze();
  expect(a11y.violations).toEqual([]);
  await page.screenshot({ path: 'test-results/partner-invoices.png' });
});

test('a partner approves two quotes that wait for it in one go', async ({ page }) => {
  await signIn(page, 'partner@groendus.nl');
  await page.goto('/partner/offertes');
  await hydrated(page);
  const mine = page.locator('[data-testid="pq-row"][data-awaiting="partner"]');
  await expect(mine.first()).toBeVisible();
  const before = await mine.count();
  expect(before).toBeGreaterThanOrEqual(2);
  const numbers: string[] = [];
  for (const row of (await mine.all()).slice(0, 2)) {
    numbers.push((await row.getByRole('link').innerText()).trim());
    await row.getByRole('checkbox').check();
  }
  await page.getByTestId('pq-approve-selected').click();
  await expect(page.getByTestId('pq-outcome')).toContainText('2 offertes goedgekeurd');
  await expect(mine).toHaveCount(before - 2);
  for (const n of numbers) await expect(page.getByTestId('pq-table')).not.toContainText(n);
  // The order page says both sides agreed.
  await page.goto(`/partner/orders/${numbers[0]}`);
  await hydrated(page);
  await expect(page.getByTestId('order-status')).toHaveText('Akkoord beide');
  await page.goto('/partner/offertes');
  await hydrated(page);
  const a11y = await new AxeBuilder({ page }).analyze();
  expect(a11y.violations).toEqual([]);
  await page.screenshot({ path: 'test-results/partner-quotes.png' });
});
