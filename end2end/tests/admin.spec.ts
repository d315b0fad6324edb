import { test, expect } from './fixtures';
import { hydrated, signIn } from './helpers';

// Issue 6: an admin sets up a sixth business entity with its own prefix,
// and the first order created for it is {PREFIX}-{YEAR}-00001.
test('an admin creates a sixth entity and its first lead is PREFIX-YEAR-00001', async ({ page }) => {
  await signIn(page, 'admin@chargecars.nl');
  await page.goto('/admin/bedrijven');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Bedrijven', level: 1 })).toBeVisible();
  await expect(page.locator('tr[data-entity-row]')).toHaveCount(5);

  // Wrong input is named per field, before anything is sent.
  await page.getByLabel('Merknaam').fill('LaadpaalDirect');
  await page.getByLabel('Code (in adressen)').fill('Laadpaal Direct');
  await page.getByLabel('Voorvoegsel ordernummers').fill('cc');
  await page.getByLabel('Support-mailbox').fill('support.laadpaaldirect.nl');
  await page.getByRole('button', { name: 'Bedrijf aanmaken' }).click();
  await expect(page.getByText('Vul een geldig e-mailadres in')).toBeVisible();
  await expect(page.getByText('Alleen kleine letters, cijfers en streepjes')).toBeVisible();
  await expect(page.getByLabel('Juridische naam')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Merknaam')).toHaveValue('LaadpaalDirect');
  // A prefix another entity uses is refused by the server.
  await page.getByLabel('Juridische naam').fill('LaadpaalDirect B.V.');
  await page.getByLabel('Code (in adressen)').fill('laadpaal-direct');
  await page.getByLabel('Support-mailbox').fill('support@laadpaaldirect.nl');
  await page.getByLabel('Sales-mailbox').fill('sales@laadpaaldirect.nl');
  await page.getByLabel('Administratie-mailbox').fill('admin@laadpaaldirect.nl');
  await page.getByLabel('No-reply-afzender').fill('noreply@laadpaaldirect.nl');
  await page.getByRole('button', { name: 'Bedrijf aanmaken' }).click();
  await expect(page.getByText('Dit is al in gebruik; kies iets anders.')).toBeVisible();

  const year = new Date().getFullYear();
  await page.getByLabel('Voorvoegsel ordernummers').fill('ld');
  await expect(page.locator('#ent-prefix-example')).toContainText(`LD-${year}-00001`);
  await page.getByRole('button', { name: 'Bedrijf aanmaken' }).click();
  await expect(page.getByText('Bedrijf aangemaakt.')).toBeVisible();
  const row = page.locator('tr[data-entity-row="laadpaal-direct"]');
  await expect(row).toContainText('LaadpaalDirect');
  await expect(row).toContainText('LD');
  await page.screenshot({ path: 'test-results/admin-entities.png', fullPage: true });

  // It survives a reload.
  await page.reload();
  await hydrated(page);
  await expect(page.locator('tr[data-entity-row]')).toHaveCount(6);

  // An order for it, entered by ops, gets LD-YEAR-00001.
  await page.goto('/ops/leads/nieuw');
  await hydrated(page);
  await page.getByLabel('Bedrijf').selectOption('laadpaal-direct');
  await page.getByLabel('Voornaam').fill('Fleur');
  await page.getByLabel('Achternaam').fill('de Wit');
  await page.getByLabel('E-mailadres').fill('fleur.dewit@example.nl');
  await page.getByLabel('Straat').fill('Stationsweg');
  await page.getByLabel('Huisnummer').fill('12a');
  await page.getByLabel('Postcode').fill('3811AB');
  await page.getByLabel('Plaats').fill('Amersfoort');
  await page.getByRole('button', { name: 'Lead aanmaken' }).click();
  await expect(page.locator('#lead-number')).toHaveText(`LD-${year}-00001`);
  await page.getByRole('link', { name: 'Order openen' }).click();
  await expect(page).toHaveURL(new RegExp(`/ops/orders/LD-${year}-00001$`));
  await expect(page.getByText(`LD-${year}-00001`).first()).toBeVisible();
});

test('a planner is refused the admin pages', async ({ page }) => {
  await signIn(page, 'planner@chargecars.nl');
  for (const path of ['/admin', '/admin/bedrijven', '/admin/outbox']) {
    const r = await page.goto(path);
    expect(r?.status(), path).toBe(403);
  }
  const api = await page.request.post('/api/admin/entities', { headers: { Accept: 'application/json' } });
  expect(api.status()).toBe(403);
});

test('the lead form names wrong fields and keeps what was typed @phone', async ({ page }) => {
  await signIn(page, 'planner@chargecars.nl');
  await page.goto('/ops/leads/nieuw');
  await hydrated(page);
  await page.getByLabel('Voornaam').fill('Joost');
  await page.getByLabel('E-mailadres').fill('joost@');
  await page.getByLabel('Postcode').fill('38111');
  await page.getByRole('button', { name: 'Lead aanmaken' }).click();
  await expect(page.getByText('Vul een geldige postcode in')).toBeVisible();
  await expect(page.getByText('Vul een geldig e-mailadres in')).toBeVisible();
  await expect(page.getByLabel('Voornaam')).toHaveValue('Joost');
  await page.screenshot({ path: `test-results/lead-form-${test.info().project.name}.png`, fullPage: true });
});

test('region ranges are checked for overlap and format; a saved change reaches the postcode tester', async ({ page }) => {
  await signIn(page, 'admin@chargecars.nl');
  await page.goto('/admin/regios');
  await hydrated(page);
  await expect(page.locator('li[data-region]')).toHaveCount(7);
  const tester = page.getByLabel('Welke regio heeft postcode…');
  await tester.fill('1012 AB');
  const before = (await page.getByTestId('reg-answer').textContent())!;
  expect(before).not.toBe('');
  const home = before.split(' · ')[0];
  // Another region may not take a postcode that is already someone's.
  const other = page.locator('li[data-region]').filter({ hasNot: page.locator(`[data-region="${home}"]`) }).first();
  const otherCode = (await other.getAttribute('data-region'))!;
  expect(otherCode).not.toBe(home);
  const ranges = other.getByLabel('Postcodebereiken');
  const original = await ranges.inputValue();
  await ranges.fill(`${original}, 1012-1012`);
  await other.getByRole('button', { name: 'Opslaan' }).click();
  await expect(other.getByRole('alert')).toContainText(`Overlapt met regio ${home}`);
  await expect(ranges).toHaveValue(`${original}, 1012-1012`);
  // A backwards range is named too.
  await ranges.fill('2000-1000');
  await other.getByRole('button', { name: 'Opslaan' }).click();
  await expect(other.getByRole('alert')).toContainText('Schrijf bereiken als');
  // A valid save (a new name) is stored, and the tester uses it.
  await ranges.fill(original);
  const nameField = other.getByLabel('Naam');
  const name = await nameField.inputValue();
  await nameField.fill(`${name} (getest)`);
  await other.getByRole('button', { name: 'Opslaan' }).click();
  await expect(other.getByRole('alert')).toBeEmpty();
  const first = original.split(',')[0].split('-')[0].trim();
  await page.reload();
  await hydrated(page);
  await page.getByLabel('Welke regio heeft postcode…').fill(`${first} AA`);
  await expect(page.getByTestId('reg-answer')).toHaveText(`${otherCode} · ${name} (getest)`);
  const again = page.locator(`li[data-region="${otherCode}"]`);
  await again.getByLabel('Naam').fill(name);
  const saved = page.waitForResponse((r) => r.url().includes('/api/admin/regions/update'));
  await again.getByRole('button', { name: 'Opslaan' }).click();
  expect((await saved).status()).toBe(200);
  await page.screenshot({ path: `test-results/admin-regions-${test.info().project.name}.png`, fullPage: true });
});
