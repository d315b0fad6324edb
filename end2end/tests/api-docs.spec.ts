import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, signIn } from './helpers';

/**
 * Issue 20: the API reference in the partner portal is made from the served
 * OpenAPI document, and its curl examples work as written against this
 * server with a real key.
 */
test('a partner reads the API reference and its example calls work', async ({ page, request }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, 'partner@groendus.nl');
  await page.goto('/partner/api');
  await hydrated(page);
  await page.getByRole('link', { name: 'API-documentatie (OpenAPI)' }).click();
  await expect(page).toHaveURL(/\/partner\/api\/docs$/);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('API-documentatie');

  // Every operation of the served document, each with a scope and a call.
  const doc = await (await request.get('/api/v1/openapi.json')).json();
  const count = Object.values(doc.paths as Record<string, object>).reduce((n, item) => n + Object.keys(item).length, 0);
  const ops = page.getByTestId('apidoc-op');
  await expect(ops).toHaveCount(count);
  for (const op of await ops.all()) {
    await expect(op.getByTestId('apidoc-scope')).toHaveText(/^(leads:write|orders:read|quotes:write|invoices:read)$/);
    await expect(op.getByTestId('apidoc-curl')).toContainText('curl -sS -X ');
  }
  await expect(page.getByRole('heading', { name: 'Webhooks controleren' })).toBeVisible();

  // The list call, as the page writes it, with a key of the partner's own.
  const made = await page.request.post('/api/partner/api-keys/create', {
    data: { input: { name: 'docs e2e', scopes: ['orders:read'], expires_in_days: 1 } },
  });
  expect(made.status()).toBe(200);
  const key = (await made.json()).secret as string;
  const list = ops.filter({ has: page.getByRole('heading', { name: /^GET \/api\/v1\/orders$/ }) });
  const curl = await list.getByTestId('apidoc-curl').innerText();
  const url = curl.match(/-X GET '([^']+)'/)![1];
  const answer = await request.get(new URL(url).pathname + new URL(url).search, { headers: { Authorization: `Bearer ${key}` } });
  expect(answer.status()).toBe(200);
  expect(Array.isArray((await answer.json()).data)).toBe(true);

  const a11y = await new AxeBuilder({ page }).analyze();
  expect(a11y.violations).toEqual([]);
  await page.screenshot({ path: 'test-results/api-docs.png' });
});
