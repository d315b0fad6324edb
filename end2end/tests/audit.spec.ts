import { test, expect } from './fixtures';
import { hydrated, signIn } from './helpers';

test('an admin filters the audit trail and exports it as CSV', async ({ page }) => {
  await signIn(page, 'admin@chargecars.nl');
  // Something to find: a company edited through the admin page.
  await page.goto('/admin/bedrijven');
  await hydrated(page);
  await page.locator('tr[data-entity-row="ratioshop"]').getByRole('button', { name: /Bewerken/ }).click();
  await page.locator('#ent-brand_color').fill('#b91c1c');
  await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await expect(page.getByText('Opgeslagen.')).toBeVisible();

  await page.goto('/admin/audit');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Audit-log', level: 1 })).toBeVisible();
  await page.getByLabel('Tabel').selectOption('business_entities');
  // RatioShop is the fifth entity.
  await page.getByLabel('Record').fill('5');
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await expect(page.getByTestId('audit-total')).toContainText('1 regels');
  const row = page.locator('tr[data-audit]').first();
  await expect(row).toContainText('entity_updated');
  await expect(row).toContainText('admin@chargecars.nl');
  await expect(row).toContainText('#b91c1c');

  // A bad date range is named, and the form keeps what was typed.
  await page.getByLabel('Van').fill('2026-12-31');
  await page.getByLabel('Tot en met').fill('2026-01-01');
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Controleer de datums' })).toBeVisible();
  await page.getByLabel('Van').fill('');
  await page.getByLabel('Tot en met').fill('');
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await expect(page.getByTestId('audit-total')).toContainText('1 regels');

  // The export holds what the filter shows.
  const href = await page.getByRole('link', { name: 'CSV exporteren' }).getAttribute('href');
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).trim().split('\n');
  expect(lines[0]).toBe('id,time,actor,table,record,action,changes');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain('business_entities');
  await page.screenshot({ path: 'test-results/admin-audit.png', fullPage: true });
});

test('the audit trail and its export are refused to non-admins', async ({ page }) => {
  await signIn(page, 'ops@chargecars.nl');
  expect((await page.goto('/admin/audit'))?.status()).toBe(403);
  expect((await page.request.get('/api/admin/audit.csv')).status()).toBe(403);
});
