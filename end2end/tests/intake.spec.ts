import { test, expect, Page } from './fixtures';
import { hydrated, newestLink, signIn } from './helpers';

// A 1×1 PNG, as a phone camera would hand over a (much larger) photo.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

async function searchBoard(page: Page, number: string) {
  await page.goto('/ops/pipeline');
  await hydrated(page);
  await page.getByLabel('Zoeken').fill(number);
  await page.getByLabel('Zoeken').press('Enter');
  await expect(page.locator('.board-card')).toHaveCount(1);
}

test('the customer fills in the intake form from the mailed link, on a phone', async ({ page, browser }) => {
  // A partner passes on a lead of its own (not a demo order another test
  // walks through).
  await signIn(page, 'partner@groendus.nl');
  await page.goto('/partner/leads/nieuw');
  await hydrated(page);
  await page.getByLabel('Voornaam').fill('Ilse');
  await page.getByLabel('Achternaam').fill('Intake');
  await page.getByLabel('E-mailadres').fill(`ilse.intake.${Date.now()}@example.nl`);
  await page.getByLabel('Telefoon').fill('06 12345678');
  await page.getByLabel('Straat').fill('Stationsweg');
  await page.getByLabel('Huisnummer').fill('12');
  await page.getByLabel('Postcode').fill('3862 AB');
  await page.getByLabel('Plaats').fill('Nijkerk');
  await page.getByRole('button', { name: 'Lead aanmaken' }).click();
  await expect(page.locator('#lead-number')).toHaveText(/^[A-Z]{2,4}-\d{4}-\d{5}$/);
  const number = (await page.locator('#lead-number').textContent())!.trim();

  // Ops sends the intake.
  await signIn(page, 'ops@chargecars.nl');
  await searchBoard(page, number);
  await page.locator(`[data-order="${number}"]`).getByRole('button', { name: 'Verplaatsen' }).click();
  await page.getByRole('button', { name: 'Verplaats naar Intake verstuurd' }).click();
  await expect(page.getByTestId('notice')).toContainText(`${number} → Intake verstuurd`);

  // The customer opens the link from the e-mail on their phone.
  const link = await newestLink(number, '/intake/');
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const customer = await phone.newPage();
  await customer.goto(new URL(link).pathname);
  await hydrated(customer);
  await expect(customer.getByRole('heading', { level: 1 })).toContainText('Uw intake');
  await expect(customer.getByText(number)).toBeVisible();

  // Mistakes are named, field by field.
  await customer.getByLabel('Postcode').fill('12');
  await customer.getByRole('button', { name: 'Versturen' }).click();
  await expect(customer.getByText('Vul een geldige postcode in, zoals 3862 AB.')).toBeVisible();
  await expect(customer.getByText('Voeg een foto van de meterkast toe.')).toBeVisible();

  await customer.getByLabel('Postcode').fill('3862 AB');
  await customer.getByLabel('Straat').fill('Stationsweg');
  await customer.getByLabel('Huisnummer').fill('12');
  await customer.getByLabel('Plaats').fill('Nijkerk');
  await customer.getByRole('radio').nth(1).check();
  await customer.getByLabel('Zaterdag').check();
  await customer.getByLabel('Foto van de meterkast').setInputFiles({ name: 'meterkast.png', mimeType: 'image/png', buffer: PNG });
  await customer.getByLabel('Opmerkingen (optioneel)').fill('De meterkast zit in de garage.');
  await customer.screenshot({ path: 'test-results/intake-phone.png', fullPage: true });
  await customer.getByRole('button', { name: 'Versturen' }).click();
  await expect(customer.getByRole('status')).toHaveText('Bedankt! We hebben uw gegevens ontvangen en maken uw offerte.');

  // The link works once.
  await customer.reload();
  await expect(customer.getByRole('alert')).toContainText('al ingevuld of niet meer geldig');
  await phone.close();

  // Ops sees the order move on by itself, with the new address.
  await searchBoard(page, number);
  const card = page.locator(`[data-order="${number}"]`);
  await expect(card).toHaveAttribute('data-status', 'intake_completed');
  await expect(card).toContainText('Nijkerk');
});
