import { test, expect } from './fixtures';
import { hydrated, signIn } from './helpers';

/**
 * The rest of the customer portal (issue 17), as a customer whose
 * installation is done: the start page says where things stand, the
 * documents come as PDFs (one or all), and the account keeps their details
 * and hands over everything we hold.
 */
test('a customer sees where things stand, takes their documents and keeps their details @phone', async ({ page, browser }) => {
  await signIn(page, 'klant3@example.nl');
  await page.goto('/klant');
  await hydrated(page);
  const dash = page.getByTestId('dashboard');
  const card = dash.locator('li[data-order]').first();
  await expect(card).toBeVisible();
  await expect(card.getByRole('list', { name: /^Stap \d van 6$/ })).toBeVisible();
  await expect(card.locator('[aria-current="step"]')).toHaveText('Klaar');
  await page.screenshot({ path: `test-results/klant-start-${test.info().project.name}.png`, fullPage: true });

  // Documents: each a PDF, all at once a zip.
  await page.goto('/klant/documenten');
  await hydrated(page);
  const docs = page.getByTestId('documents');
  await expect(docs.locator('li[data-kind="invoice"]').first()).toBeVisible();
  await expect(docs.locator('li[data-kind="warranty"]').first()).toBeVisible();
  for (const kind of ['invoice', 'warranty']) {
    const href = await docs.locator(`li[data-kind="${kind}"] a`).first().getAttribute('href');
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');
  }
  const zip = await page.request.get('/api/documenten.zip');
  expect(zip.headers()['content-type']).toBe('application/zip');
  expect((await zip.body()).subarray(0, 2).toString()).toBe('PK');

  // Account: details saved, sign-ins listed, data export.
  await page.goto('/klant/account');
  await hydrated(page);
  await expect(page.getByTestId('logins')).toContainText('gelukt');
  const phone = `06 ${String(Date.now()).slice(-8)}`;
  await page.getByLabel('Telefoon').fill(phone);
  await page.getByLabel('Postcode').fill('3861ab');
  await page.getByRole('button', { name: 'Gegevens opslaan' }).click();
  await expect(page.getByRole('status')).toHaveText('Uw gegevens zijn opgeslagen.');
  await expect(page.getByLabel('Postcode')).toHaveValue('3861 AB');
  await page.getByLabel('Postcode').fill('12345');
  await page.getByRole('button', { name: 'Gegevens opslaan' }).click();
  await expect(page.getByRole('alert')).toHaveText('Controleer de gemarkeerde velden.');
  await expect(page.getByLabel('Postcode')).toHaveAttribute('aria-invalid', 'true');
  const data = await page.request.get('/api/mijn-gegevens.json');
  const json = await data.json();
  expect(json.contact.phone).toBe(phone);
  expect(json.orders.length).toBeGreaterThan(0);
  await page.screenshot({ path: `test-results/klant-account-${test.info().project.name}.png`, fullPage: true });

  // Erasure: asked here, decided by ops (rejected here, so the demo
  // customer stays; approving is covered by the service's tests).
  await page.getByRole('button', { name: 'Vraag verwijdering aan' }).click();
  await expect(page.getByTestId('erasure')).toContainText('wacht op behandeling');
  const desk = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const ops = await desk.newPage();
  await signIn(ops, 'ops@chargecars.nl');
  await ops.goto('/ops/privacy');
  await hydrated(ops);
  const waiting = ops.getByTestId('erasures').locator('li', { hasText: 'klant3@example.nl' }).filter({ hasText: 'Wacht op besluit' }).first();
  const request = ops.locator(`li[data-erasure="${await waiting.getAttribute('data-erasure')}"]`);
  await request.getByRole('button', { name: 'Afwijzen' }).click();
  await expect(request.getByRole('alert')).toBeVisible();
  await request.getByLabel('Toelichting (nodig bij afwijzen)').fill('Er loopt nog een servicemelding');
  await request.getByRole('button', { name: 'Afwijzen' }).click();
  await expect(request.getByTestId('erasure-status')).toHaveText('Afgewezen');
  await desk.close();
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('erasure')).toContainText('Er loopt nog een servicemelding');
});
