import { test, expect, Page, Browser } from './fixtures';
import { hydrated, newestLink, signIn } from './helpers';

// 000 from start to finish, entirely through the UI: a Groendus lead owned by
// the demo customer klant@example.nl goes from new_lead to completed with an
// invoice, through the public intake form and both portal approvals.

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** Ops move one card with the keyboard-friendly "Verplaatsen" dialog. */
async function move(page: Page, number: string, to: string) {
  await page.goto('/ops/pipeline');
  await hydrated(page);
  await page.getByLabel('Zoeken').fill(number);
  await page.getByLabel('Zoeken').press('Enter');
  await expect(page.locator('.board-card')).toHaveCount(1);
  await page.locator(`[data-order="${number}"]`).getByRole('button', { name: 'Verplaatsen' }).click();
  await page.getByRole('button', { name: `Verplaats naar ${to}` }).click();
  await expect(page.getByTestId('notice')).toContainText(`${number} → ${to}`);
}

async function portalPage(browser: Browser, email: string, path: string) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, email);
  await page.goto(path);
  await hydrated(page);
  return { ctx, page };
}

test('an order goes from new lead to invoice through the UI, with both approvals', async ({ page, browser }) => {
  test.setTimeout(240_000);

  // The customer sees their fresh lead in their portal.
  const customer = await portalPage(browser, 'klant@example.nl', '/klant');
  const row = customer.page.locator('#my-orders + div tbody tr').first();
  await expect(row).toContainText('Nieuwe lead');
  const number = (await row.locator('td').first().textContent())!.trim();
  expect(number).toMatch(/^[A-Z]{2,4}-\d{4}-\d{5}$/);

  // Ops send the intake; the customer fills it in from the mailed link.
  await signIn(page, 'ops@chargecars.nl');
  await move(page, number, 'Intake verstuurd');
  const link = await newestLink(number, '/intake/');
  await customer.page.goto(new URL(link).pathname);
  await hydrated(customer.page);
  await customer.page.getByLabel('Postcode').fill('3862 AB');
  await customer.page.getByLabel('Straat').fill('Stationsweg');
  await customer.page.getByLabel('Huisnummer').fill('12');
  await customer.page.getByLabel('Plaats').fill('Nijkerk');
  await customer.page.getByRole('radio').first().check();
  await customer.page.getByLabel('Zaterdag').check();
  await customer.page.getByLabel('Foto van de meterkast').setInputFiles({ name: 'meterkast.png', mimeType: 'image/png', buffer: PNG });
  await customer.page.getByRole('button', { name: 'Versturen' }).click();
  await expect(customer.page.getByRole('status')).toContainText('Bedankt!');

  // Ops price the quote and send it.
  await move(page, number, 'Offerte in concept');
  await move(page, number, 'Offerte klaar');
  await move(page, number, 'Offerte verstuurd');

  // The quote mail follows; the customer opens their order from its link
  // and approves their side in the portal.
  const quoteLink = await newestLink(`Uw offerte voor order ${number} staat klaar`, `/klant/orders/${number}`);
  await customer.page.goto(new URL(quoteLink).pathname);
  await hydrated(customer.page);
  const decision = customer.page.getByTestId('decision');
  await expect(decision).toContainText('Uw akkoord wordt gevraagd');
  await expect(customer.page.getByTestId('quote')).toContainText('Klant');
  await expect(customer.page.getByTestId('quote-total')).toContainText('€');
  await customer.page.getByRole('button', { name: 'Offerte goedkeuren' }).click();
  await expect(customer.page.getByRole('status')).toHaveText('Dank u wel, uw akkoord is vastgelegd.');
  await expect(customer.page.getByTestId('order-status')).toHaveText('Akkoord klant');
  await expect(customer.page.getByTestId('decision')).toContainText('wacht op het akkoord van de partner');

  // Groendus approves its side; the order is approved by both.
  const partner = await portalPage(browser, 'partner@groendus.nl', `/partner/orders/${number}`);
  await expect(partner.page.getByTestId('decision')).toContainText('De klant is akkoord');
  await partner.page.getByRole('button', { name: 'Offerte goedkeuren' }).click();
  await expect(partner.page.getByTestId('order-status')).toHaveText('Akkoord beide');
  await partner.page.screenshot({ path: 'test-results/partner-approved.png', fullPage: true });
  await partner.ctx.close();

  // Ops plan the installation on a team, schedule, and start the work.
  await move(page, number, 'In planning');
  await page.goto(`/ops/orders/${number}`);
  await hydrated(page);
  const plan = page.getByTestId('plan-visit');
  await expect(plan.locator('#pv-team option')).not.toHaveCount(1);
  await plan.locator('#pv-team').selectOption({ index: 1 });
  await plan.locator('#pv-window').selectOption({ label: '08:00–12:00' });
  await plan.getByRole('button', { name: 'Inplannen' }).click();
  await expect(plan.getByRole('status')).toContainText('Ingepland:');
  await move(page, number, 'Ingepland');
  await move(page, number, 'In uitvoering');

  // The sign-off, then completion, and the invoice appears.
  await page.goto(`/ops/orders/${number}`);
  await hydrated(page);
  const form = page.getByTestId('sign-off');
  await form.getByLabel('Naam van de klant').fill('Klant (demo)');
  const pad = (await form.getByTestId('signature-pad').boundingBox())!;
  await page.mouse.move(pad.x + 20, pad.y + 80);
  await page.mouse.down();
  for (const [x, y] of [[60, 30], [120, 90], [200, 40], [260, 85]]) {
    await page.mouse.move(pad.x + x, pad.y + y, { steps: 3 });
  }
  await page.mouse.up();
  await form.getByLabel("Aantal foto's ontvangen").fill('3');
  for (const item of await form.getByRole('checkbox').all()) await item.check();
  await form.getByRole('button', { name: 'Oplevering opslaan' }).click();
  await expect(form.getByRole('status')).toBeVisible();
  await move(page, number, 'Afgerond');

  // The timeline holds every step, and the customer sees their invoice.
  await page.goto(`/ops/orders/${number}`);
  await hydrated(page);
  const timeline = page.getByTestId('timeline');
  for (const step of ['Intake ontvangen', 'Akkoord klant', 'Akkoord partner', 'Akkoord beide', 'Ingepland', 'Afgerond']) {
    await expect(timeline).toContainText(step);
  }
  await customer.page.goto(`/klant/orders/${number}`);
  await hydrated(customer.page);
  await expect(customer.page.getByTestId('order-status')).toHaveText('Afgerond');
  await expect(customer.page.locator('section[aria-labelledby="h-invoices"] tbody tr').first()).toContainText(/-F\d{4}-\d{5}/);
  await customer.page.screenshot({ path: 'test-results/customer-completed.png', fullPage: true });
  await customer.ctx.close();
});

test('a customer asks for a revision and ops send the new version @phone', async ({ page, browser }) => {
  test.setTimeout(180_000);
  // klant2@example.nl has an Essent quote waiting for approval.
  await signIn(page, 'klant2@example.nl');
  await page.goto('/klant');
  await hydrated(page);
  const first = page.locator('#my-orders + div tbody tr').first();
  const number = (await first.locator('td').first().textContent())!.trim();
  await first.getByRole('link').click();
  await hydrated(page);
  await expect(page.getByTestId('decision')).toContainText('Uw akkoord wordt gevraagd');
  const version = (await page.getByTestId('quote').getByRole('heading').textContent())!;

  await page.getByRole('button', { name: 'Aanpassing vragen' }).click();
  await page.getByLabel('Wat moet er anders?').fill('Te kort');
  await page.getByRole('button', { name: 'Verzoek versturen' }).click();
  await expect(page.getByRole('alert')).toContainText('minstens 10 tekens');
  await page.getByLabel('Wat moet er anders?').fill('Graag de laadpaal met een vaste kabel van 7,5 meter.');
  await page.getByRole('button', { name: 'Verzoek versturen' }).click();
  await expect(page.getByRole('status')).toContainText('U krijgt een nieuwe versie');
  await expect(page.getByTestId('decision')).toContainText('aanpassing van de offerte gevraagd');
  await page.screenshot({ path: `test-results/revision-${test.info().project.name}.png`, fullPage: true });

  // Ops send the new draft from the order page.
  const ops = await browser.newContext();
  const opsPage = await ops.newPage();
  await signIn(opsPage, 'ops@chargecars.nl');
  await opsPage.goto(`/ops/orders/${number}`);
  await hydrated(opsPage);
  await opsPage.getByRole('button', { name: 'Deze versie versturen' }).click();
  await expect(opsPage.getByRole('status')).toContainText('Verstuurd naar de klant');
  await ops.close();

  // The customer now sees the next version, waiting for them again.
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('decision')).toContainText('Uw akkoord wordt gevraagd');
  await expect(page.getByTestId('quote').getByRole('heading')).not.toHaveText(version);
});
