import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, newestMail, signIn } from './helpers';

/**
 * Issue 20: the partner's dashboard and its monthly commission statements,
 * and finance paying last month out, which the partner then sees (and is
 * told of by mail).
 */
test('a partner reads its dashboard and statements; finance pays last month and the partner sees it paid', async ({ browser }) => {
  // Two people, four pages and two accessibility scans: more than the
  // default budget on a two-core machine.
  test.setTimeout(180_000);
  const partner = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await signIn(partner, 'partner@groendus.nl');
  await partner.goto('/partner');
  await hydrated(partner);
  const dash = partner.getByTestId('partner-dashboard');
  await expect(dash).toBeVisible();
  await expect(partner.getByTestId('pd-leads')).toContainText('Leads deze maand');
  await expect(dash.getByTestId('conversion').locator('li')).toHaveCount(4);
  await expect(dash.getByTestId('conversion')).toContainText('doel 80%');
  await expect(partner.getByTestId('pd-lead-time')).toContainText('dagen');
  // The newest ten orders, and the way to all of them.
  await expect(partner.locator('#my-orders + div tbody tr')).toHaveCount(10);
  await expect(partner.getByTestId('all-orders')).toHaveAttribute('href', '/partner/orders');

  // Twelve months; this one open, last month payable, the ones before paid.
  const months = partner.getByTestId('pd-statements').locator('tbody tr');
  await expect(months).toHaveCount(12);
  await expect(months.nth(0)).toHaveAttribute('data-state', 'open');
  const last = months.nth(1);
  await expect(last).toHaveAttribute('data-state', 'payable');
  const period = (await last.getAttribute('data-period'))!;
  expect(period).toMatch(/^\d{4}-\d{2}$/);
  await expect(months.nth(2)).toHaveAttribute('data-state', 'paid');
  await expect(months.nth(2)).toContainText('Uitbetaald op');
  await expect(last).toContainText('Wordt uitbetaald vóór');
  const amount = (await last.locator('td').nth(2).innerText()).trim();
  expect(amount).toMatch(/^€\s?[\d.]+,\d\d$/);
  const toPayBefore = (await partner.getByTestId('pd-to-pay').locator('p').nth(1).innerText()).trim();

  // The statement as CSV (one line per invoice and a total) and as PDF.
  const csv = await (await partner.request.get((await last.getByRole('link', { name: /^CSV/ }).getAttribute('href'))!)).text();
  const lines = csv.trim().split('\n');
  expect(lines[0]).toBe('periode;factuur;order;betaald op;factuurbedrag;commissie');
  expect(lines.length - 2).toBe(Number((await last.locator('td').nth(1).innerText()).trim()));
  expect(lines[lines.length - 1]).toMatch(new RegExp(`^${period};totaal;`));
  const pdf = await partner.request.get((await last.getByRole('link', { name: /^PDF/ }).getAttribute('href'))!);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');
  // Another partner's statement is not there.
  const other = await partner.request.get(`/api/commission/${period}.csv?partner=999`);
  expect(other.status()).toBe(404);

  const a11y = await new AxeBuilder({ page: partner }).analyze();
  expect(a11y.violations).toEqual([]);
  await partner.screenshot({ path: 'test-results/partner-dashboard.png', fullPage: true });

  // Finance: the month is on the list to pay; a reference is required.
  const admin = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await signIn(admin, 'admin@chargecars.nl');
  await admin.goto('/admin');
  await hydrated(admin);
  await admin.getByRole('navigation', { name: 'Navigatie binnen het portaal' }).getByRole('link', { name: 'Commissie', exact: true }).click();
  await expect(admin).toHaveURL(/\/admin\/commissie$/);
  await hydrated(admin);
  const row = admin.getByTestId('cm-table').locator(`tbody tr[data-period="${period}"]`).filter({ hasText: 'Groendus' });
  await expect(row).toHaveCount(1);
  await expect(row.locator('td').nth(3)).toHaveText(amount);
  await row.getByRole('button', { name: 'Uitbetaald' }).click();
  await expect(row.getByRole('alert')).toHaveText('Vul dit in.');
  await row.getByLabel('Referentie overboeking').fill('NL-TRF-E2E-1');
  await row.getByRole('button', { name: 'Uitbetaald' }).click();
  await expect(admin.getByTestId('cm-done')).toContainText('vastgelegd als uitbetaald');
  await expect(admin.getByTestId('cm-table').locator(`tbody tr[data-period="${period}"]`).filter({ hasText: 'Groendus' })).toHaveCount(0);
  expect((await new AxeBuilder({ page: admin }).analyze()).violations).toEqual([]);
  await admin.screenshot({ path: 'test-results/admin-commission.png', fullPage: true });

  // The partner sees the month paid with the reference's date, and nothing
  // of it left to pay; the mail about it arrived.
  await partner.reload();
  await hydrated(partner);
  await expect(last).toHaveAttribute('data-state', 'paid');
  await expect(last).toContainText('Uitbetaald op');
  const toPayAfter = (await partner.getByTestId('pd-to-pay').locator('p').nth(1).innerText()).trim();
  expect(toPayAfter).not.toBe(toPayBefore);
  const mail = await newestMail('Uw commissie-overzicht');
  expect(mail.text).toContain(amount);

  // On a phone, the dashboard reads top to bottom without sideways scrolling.
  await partner.setViewportSize({ width: 390, height: 844 });
  await partner.reload();
  await hydrated(partner);
  const wide = await partner.evaluate(() => document.documentElement.scrollWidth);
  expect(wide).toBeLessThanOrEqual(390);
  await partner.screenshot({ path: 'test-results/partner-dashboard-phone.png', fullPage: true });
});
