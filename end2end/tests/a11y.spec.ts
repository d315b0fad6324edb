import { test, expect, Page } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, signIn } from './helpers';

/**
 * axe (WCAG 2.1 A and AA) on the pages of the communications engine, as
 * their users see them once hydrated. The planning board is issue 18's.
 */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`,
  );
}

const pages: [string, string][] = [
  ['admin@chargecars.nl', '/admin/sjablonen'],
  ['admin@chargecars.nl', '/admin/berichtregels'],
  ['admin@chargecars.nl', '/admin/outbox'],
  ['admin@chargecars.nl', '/admin/workflows'],
  ['ops@chargecars.nl', '/ops/berichten'],
  ['planner@chargecars.nl', '/ops/afspraken'],
  ['klant@example.nl', '/klant/voorkeuren'],
  ['klant3@example.nl', '/klant'],
  ['klant3@example.nl', '/klant/service'],
  ['klant3@example.nl', '/klant/documenten'],
  ['klant3@example.nl', '/klant/account'],
  ['ops@chargecars.nl', '/ops/service'],
  ['ops@chargecars.nl', '/ops/privacy'],
  ['planner@chargecars.nl', '/ops/uren'],
  ['monteur@chargecars.nl', '/monteur'],
  ['monteur@chargecars.nl', '/monteur/uren'],
];

for (const [account, path] of pages) {
  test(`no WCAG 2.1 AA violations on ${path} @phone`, async ({ page }) => {
    await signIn(page, account);
    await page.goto(path);
    await hydrated(page);
    expect(await violations(page)).toEqual([]);
  });
}

test('no WCAG 2.1 AA violations on an order page with its thread, nor on the public message pages @phone', async ({ page }) => {
  await signIn(page, 'ops@chargecars.nl');
  await page.goto('/ops/pipeline');
  await hydrated(page);
  const number = (await page.locator('.board-card').first().getAttribute('data-order'))!;
  await page.goto(`/ops/orders/${number}`);
  await hydrated(page);
  await expect(page.getByTestId('thread')).toBeVisible();
  expect(await violations(page)).toEqual([]);
  for (const path of ['/afmelden?token=onbekend', '/tevredenheid/onbekend', '/intake/onbekend']) {
    await page.goto(path);
    await hydrated(page);
    expect(await violations(page), path).toEqual([]);
  }
});

test('no WCAG 2.1 AA violations on a customer order page with its appointment panel @phone', async ({ page }) => {
  // klant2's Essent quote waits for approval: the page with the most on it.
  await signIn(page, 'klant2@example.nl');
  await page.goto('/klant');
  await hydrated(page);
  await page.getByRole('table', { name: 'Mijn orders' }).getByRole('link').first().click();
  await expect(page).toHaveURL(/\/klant\/orders\//);
  await hydrated(page);
  await expect(page.getByTestId('appointment')).toBeVisible();
  expect(await violations(page)).toEqual([]);
});
