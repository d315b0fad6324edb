import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { createHmac } from 'node:crypto';
import { hydrated, signIn } from './helpers';

const provider = process.env.E2E_PROVIDER_URL!;

test('a partner makes an API key, uses it, registers a webhook and sends a test event', async ({ page, request }) => {
  await signIn(page, 'partner@groendus.nl');
  await page.goto('/partner/api');
  await hydrated(page);

  // A key with the default scopes (leads and orders), shown once.
  await page.getByLabel('Naam (waarvoor is de sleutel?)').fill('ERP-koppeling e2e');
  await page.getByRole('button', { name: 'Sleutel maken' }).click();
  const secret = await page.getByTestId('api-fresh-secret').inputValue();
  expect(secret).toMatch(/^cc_live_[a-z0-9]{8}_[A-Za-z0-9_-]{40,}$/);

  // The key works on the API, within its scopes.
  const orders = await request.get('/api/v1/orders?limit=5', { headers: { Authorization: `Bearer ${secret}` } });
  expect(orders.status()).toBe(200);
  expect(orders.headers()['ratelimit-limit']).toBeTruthy();
  expect((await orders.json()).data.length).toBeGreaterThan(0);
  const invoices = await request.get('/api/v1/invoices', { headers: { Authorization: `Bearer ${secret}` } });
  expect(invoices.status()).toBe(403);
  expect(invoices.headers()['content-type']).toBe('application/problem+json');

  // The page shows the key's last use and the calls, once it is gone.
  await page.getByRole('button', { name: 'Klaar' }).first().click();
  await expect(page.getByTestId('api-fresh')).toHaveCount(0);
  await page.reload();
  await hydrated(page);
  const row = page.getByTestId('api-key').filter({ hasText: 'ERP-koppeling e2e' });
  await expect(row).toContainText('leads:write, orders:read');
  await expect(row).toContainText('127.0.0.1');
  await expect(page.getByTestId('api-calls')).toContainText('GET /api/v1/orders');
  await expect(page.getByTestId('api-calls')).toContainText('403');

  // A test key works on the sandbox: its lead becomes a TEST- order that
  // the live key never sees, and its answers say so.
  await page.getByLabel('Naam (waarvoor is de sleutel?)').fill('Sandbox e2e');
  await page.getByTestId('api-test-key').check();
  await page.getByRole('button', { name: 'Sleutel maken' }).click();
  const testSecret = await page.getByTestId('api-fresh-secret').inputValue();
  expect(testSecret).toMatch(/^cc_test_[a-z0-9]{8}_/);
  const lead = {
    entity: 'chargecars', first_name: 'Sanne', last_name: 'Sandbox', email: 'sandbox-e2e@example.nl',
    phone: '+31612345678', street: 'Kerkstraat', house_number: '1', postcode: '3861 AB', city: 'Nijkerk', charger_count: 1,
  };
  const made = await request.post('/api/v1/leads', { headers: { Authorization: `Bearer ${testSecret}` }, data: lead });
  expect(made.status()).toBe(201);
  expect(made.headers()['chargecars-mode']).toBe('test');
  const sandboxOrder = (await made.json()).number as string;
  expect(sandboxOrder).toMatch(/^TEST-/);
  const moved = await request.post(`/api/v1/sandbox/orders/${sandboxOrder}/advance`, {
    headers: { Authorization: `Bearer ${testSecret}` }, data: {},
  });
  expect((await moved.json()).status).toBe('intake_sent');
  const live = await request.get(`/api/v1/orders/${sandboxOrder}`, { headers: { Authorization: `Bearer ${secret}` } });
  expect(live.status()).toBe(404);
  await page.getByRole('button', { name: 'Klaar' }).first().click();
  await expect(page.getByTestId('api-key').filter({ hasText: 'Sandbox e2e' }).getByTestId('api-key-test')).toHaveText('Test');
  const liveList = await (await request.get('/api/v1/orders?limit=100', { headers: { Authorization: `Bearer ${secret}` } })).json();
  expect(liveList.data.map((o: { number: string }) => o.number)).not.toContain(sandboxOrder);
  // "Vernieuwen" shows the test key's use without reloading the page.
  await page.getByTestId('api-refresh').click();
  await expect(page.getByTestId('api-key').filter({ hasText: 'Sandbox e2e' })).toContainText('127.0.0.1');
  await expect(page.getByTestId('api-calls')).toContainText('/api/v1/sandbox/orders/');

  // A webhook to a receiver on this machine, for every event.
  await page.getByLabel('Adres (URL)').fill('ftp://nope');
  await page.getByRole('button', { name: 'Webhook toevoegen' }).click();
  await expect(page.getByText('Gebruik een https://-adres.')).toBeVisible();
  await page.getByLabel('Adres (URL)').fill(`${provider}/webhook`);
  // Every event but one.
  await page.getByRole('checkbox', { name: 'visit.rescheduled' }).uncheck();
  await page.getByRole('button', { name: 'Webhook toevoegen' }).click();
  const signing = await page.getByTestId('wh-fresh-secret').inputValue();
  expect(signing).toMatch(/^whsec_/);
  const endpoint = page.getByTestId('wh-endpoint').filter({ hasText: `${provider}/webhook` }).last();
  await expect(endpoint).toContainText('order.status_changed, quote.sent');
  await expect(endpoint).not.toContainText('visit.rescheduled');

  // The test event goes through the worker; the log shows it delivered.
  await endpoint.getByRole('button', { name: 'Testgebeurtenis sturen' }).click();
  const delivered = page.locator('[data-testid="wh-delivery"][data-event="test.ping"][data-state="delivered"]');
  await expect
    .poll(async () => {
      if ((await delivered.count()) === 0) await page.getByRole('button', { name: 'Vernieuwen', exact: true }).click();
      return delivered.count();
    }, { timeout: 20_000 })
    .toBeGreaterThan(0);
  await delivered.first().locator('summary').click();
  await expect(delivered.first()).toContainText('200');
  await expect(delivered.first()).toContainText('"type":"test.ping"');

  // The receiver got it once, signed with the secret the page showed.
  const hooks: { eventId: string; signature: string; body: string }[] = await (await request.get(`${provider}/hooks`)).json();
  const ping = hooks.filter((h) => JSON.parse(h.body).type === 'test.ping').at(-1)!;
  expect(ping.eventId).toMatch(/^evt_[0-9a-f]{32}$/);
  const [, t, v1] = ping.signature.match(/^t=(\d+),v1=([0-9a-f]{64})$/)!;
  expect(createHmac('sha256', signing).update(`${t}.${ping.body}`).digest('hex')).toBe(v1);
  expect(Math.abs(Date.now() / 1000 - Number(t))).toBeLessThan(300);

  const a11y = await new AxeBuilder({ page }).analyze();
  expect(a11y.violations).toEqual([]);
  await page.screenshot({ path: 'test-results/partner-api.png', fullPage: true });
});

test('only a partner admin manages keys and webhooks: an admin takes the role from the Essent desk and gives it back', async ({ page, browser }) => {
  await signIn(page, 'admin@chargecars.nl');
  await page.goto('/admin/gebruikers');
  await hydrated(page);
  await page.getByLabel('Zoeken').fill('partner@essent.nl');
  const desk = page.locator('li[data-email="partner@essent.nl"]');
  await expect(desk.getByTestId('usr-partner-admin')).toHaveText('Partnerbeheerder');
  await desk.locator('[data-action="partner-admin"]').click();
  await expect(desk.getByTestId('usr-partner-admin')).toHaveCount(0);
  await expect(desk.locator('[data-action="partner-admin"]')).toHaveText('Maak partnerbeheerder');

  // The desk still sees the page, with a word on who manages it and no
  // buttons to make or end keys or endpoints.
  const context = await browser.newContext();
  const essent = await context.newPage();
  await signIn(essent, 'partner@essent.nl');
  await essent.goto('/partner/api');
  await hydrated(essent);
  await expect(essent.getByTestId('api-admin-only')).toBeVisible();
  await expect(essent.getByTestId('wh-admin-only')).toBeVisible();
  await expect(essent.getByRole('button', { name: 'Sleutel maken' })).toHaveCount(0);
  await essent.screenshot({ path: 'test-results/partner-api-not-admin.png', fullPage: true });

  // Given back, it works at the next load, without signing in again.
  await desk.locator('[data-action="partner-admin"]').click();
  await expect(desk.getByTestId('usr-partner-admin')).toBeVisible();
  await essent.reload();
  await hydrated(essent);
  await expect(essent.getByRole('button', { name: 'Sleutel maken' })).toBeVisible();
  await expect(essent.getByTestId('api-admin-only')).toHaveCount(0);
  await context.close();
});
