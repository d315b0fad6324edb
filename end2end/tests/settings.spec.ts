import { test, expect } from './fixtures';
import { readFileSync } from 'fs';
import path from 'path';
import { hydrated, newestLink, signIn } from './helpers';

// Issue 6: the admin's users and roles, workflow editor, and catalogue
// with the pricing matrix, driven as an admin would.

test('an admin invites a planner, who chooses a password and is asked to set up an authenticator; deactivated, they cannot sign in', async ({ page, browser }) => {
  await signIn(page, 'admin@chargecars.nl');
  await page.goto('/admin/gebruikers');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Gebruikers en rollen', level: 1 })).toBeVisible();
  // The admin's own account cannot be deactivated or demoted.
  const me = page.locator('li[data-email="admin@chargecars.nl"]');
  await expect(me).toContainText('u zelf');
  await expect(me.locator('[data-action="deactivate"]')).toHaveCount(0);
  await expect(me.getByLabel('Rol')).toBeDisabled();

  // Wrong input is named before anything is sent.
  const invite = page.locator('#usr-invite');
  await invite.getByLabel('E-mailadres').fill('fleur.deboer');
  await invite.getByLabel('Rol').selectOption('partner_user');
  await invite.getByRole('button', { name: 'Uitnodiging versturen' }).click();
  await expect(invite.getByText('Vul een geldig e-mailadres in')).toBeVisible();
  await expect(invite.getByLabel('Naam')).toHaveAttribute('aria-invalid', 'true');
  await expect(invite.getByLabel('Partner')).toHaveAttribute('aria-invalid', 'true');
  // An address that has an account is refused by the server.
  await invite.getByLabel('Rol').selectOption('planner');
  await invite.getByLabel('E-mailadres').fill('planner@chargecars.nl');
  await invite.getByLabel('Naam').fill('Fleur de Boer');
  await invite.getByRole('button', { name: 'Uitnodiging versturen' }).click();
  await expect(invite.getByText('Dit is al in gebruik; kies iets anders.')).toBeVisible();

  await invite.getByLabel('E-mailadres').fill('fleur.deboer@chargecars.nl');
  await invite.getByRole('button', { name: 'Uitnodiging versturen' }).click();
  await expect(page.getByTestId('inv-sent')).toContainText('fleur.deboer@chargecars.nl');
  const row = page.locator('li[data-email="fleur.deboer@chargecars.nl"]');
  await expect(row).toContainText('Uitgenodigd');
  await expect(row.getByTestId('usr-last-login')).toContainText('nooit');
  await page.screenshot({ path: `test-results/admin-users-${test.info().project.name}.png`, fullPage: true });

  // Fleur follows the mailed link, chooses a password and signs in: as
  // staff she sets up her authenticator first.
  // The admin outbox shows the invitation, with its token masked.
  await page.goto('/admin/outbox');
  const mail = page.getByRole('row').filter({ hasText: 'fleur.deboer@chargecars.nl' }).first();
  await expect(mail).toContainText('Uw account voor ChargeCars');
  await expect(mail).toContainText('/wachtwoord-herstellen?token=•••');
  const link = await newestLink('fleur.deboer@chargecars.nl', '/wachtwoord-herstellen?token=');
  expect(link).not.toContain('•');
  const fleur = await browser.newContext();
  const her = await fleur.newPage();
  await her.goto(link!);
  await hydrated(her);
  await her.getByLabel('Nieuw wachtwoord').fill('fleur-haar-wachtwoord');
  await her.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await expect(her.getByRole('status')).toHaveText('Uw wachtwoord is gewijzigd. U kunt nu inloggen.');
  await signIn(her, 'fleur.deboer@chargecars.nl', 'fleur-haar-wachtwoord');
  await expect(her).toHaveURL(/\/mfa\/instellen/);

  // The admin sees her sign-in, then deactivates her; her session ends.
  await page.goto('/admin/gebruikers');
  await hydrated(page);
  await expect(row.getByTestId('usr-last-login')).not.toContainText('nooit');
  await expect(row).not.toContainText('Uitgenodigd');
  await row.locator('[data-action="deactivate"]').click();
  await expect(row.getByTestId('usr-state')).toHaveText('Uitgeschakeld');
  const session = await her.request.post('/api/auth/me', { headers: { Accept: 'application/json' } });
  expect(await session.json()).toBeNull();
  await signIn(her, 'fleur.deboer@chargecars.nl', 'fleur-haar-wachtwoord');
  await expect(her).toHaveURL(/\/login/);
  await fleur.close();

  // Give her the ops-manager role and switch her back on.
  await row.getByLabel('Rol').selectOption('ops_manager');
  await row.getByRole('button', { name: 'Rol opslaan' }).click();
  await expect(row.getByLabel('Rol')).toHaveValue('ops_manager');
  await row.locator('[data-action="reactivate"]').click();
  await expect(row.getByTestId('usr-state')).toHaveText('Actief');

  // Everything is in the audit trail.
  await page.goto('/admin/audit');
  await hydrated(page);
  await expect(page.getByText('user_invited').first()).toBeVisible();
  await expect(page.getByText('user_deactivated').first()).toBeVisible();
  await expect(page.getByText('user_role_changed').first()).toBeVisible();
});

test("the rental workflow of 003 is loaded as JSON, checked, drawn and saved; a new lead starts in its first status", async ({ page }) => {
  await signIn(page, 'admin@chargecars.nl');
  // A new entity for the rental business, set up through the admin API.
  const made = await page.request.post('/api/admin/entities/create', {
    headers: { Accept: 'application/json' },
    data: {
      form: {
        code: 'laadpaal-leasing', name: 'Laadpaal Leasing B.V.', brand: 'LaadLease', order_prefix: 'RL',
        support_email: 'support@laadlease.nl', sales_email: 'sales@laadlease.nl',
        admin_email: 'admin@laadlease.nl', noreply_email: 'noreply@laadlease.nl',
        whatsapp_number: '', brand_color: '#7c3aed',
      },
    },
  });
  expect(made.status(), await made.text()).toBe(200);
  const entityId = String(await made.json());

  await page.goto('/admin/workflows');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Workflows', level: 1 })).toBeVisible();
  // The default of 000 is shown, valid, as a diagram.
  await expect(page.getByTestId('wf-valid')).toBeVisible();
  await expect(page.locator('[data-node="new_lead"]')).toBeVisible();
  await expect(page.locator('[data-edge="quote_sent>customer_approved"]')).toHaveCount(1);

  await page.getByLabel('Bedrijf').selectOption(entityId);
  await expect(page.getByTestId('wf-version')).toHaveText('Volgt de standaardworkflow (000)');
  await hydrated(page);
  const rental = readFileSync(path.join(__dirname, '../../server/services/src/workflows/rental_003.json'), 'utf8');
  await page.getByText('Als JSON').click();
  await page.locator('#wf-json').fill('{ "initial": ');
  await page.locator('#wf-json-import').click();
  await expect(page.getByText('Geen geldige workflow-JSON')).toBeVisible();
  await page.locator('#wf-json').fill(rental);
  await page.locator('#wf-json-import').click();
  await expect(page.locator('[data-node="bestilling_modtaget"]')).toBeVisible();
  await expect(page.locator('[data-node="new_lead"]')).toHaveCount(0);
  // Automatic moves are drawn dashed, with their trigger.
  await expect(page.locator('.wf-edge-auto')).not.toHaveCount(0);
  await expect(page.getByTestId('wf-diagram')).toContainText('720 u');
  await expect(page.getByTestId('wf-valid')).toBeVisible();
  // Each status has its column on the order board; one left to the default
  // says which column that is.
  const kunde = page.locator('tr[data-status="afventer_kunde"] [data-field="column"]');
  await expect(kunde).toHaveValue('quote');
  await kunde.selectOption('');
  await expect(kunde.locator('option').first()).toHaveText('Automatisch (Akkoord)');
  await kunde.selectOption('quote');

  // A final status with a next one, and an unreachable status, are named
  // and block saving.
  const arkiveret = page.locator('tr[data-status="arkiveret"]');
  await arkiveret.locator('[data-field="next"]').fill('udlejet');
  await expect(page.getByTestId('wf-problems')).toContainText('Een eindstatus mag geen volgende status hebben: arkiveret');
  await expect(page.locator('#wf-save')).toBeDisabled();
  await arkiveret.locator('[data-field="next"]').fill('');
  await page.locator('#wf-add-status').click();
  await page.locator('#wf-status-table tbody tr').last().getByLabel('Code', { exact: true }).fill('vergeten');
  await expect(page.getByTestId('wf-problems')).toContainText('Status is vanaf de beginstatus niet bereikbaar: vergeten');
  await page.locator('tr[data-status="vergeten"]').getByRole('button', { name: 'Verwijderen' }).click();
  await expect(page.getByTestId('wf-valid')).toBeVisible();
  await page.screenshot({ path: `test-results/admin-workflow-${test.info().project.name}.png`, fullPage: true });

  await page.locator('#wf-save').click();
  await expect(page.getByTestId('wf-saved')).toBeVisible();
  await expect(page.getByTestId('wf-version')).toContainText('Versie 1');
  await page.reload();
  await hydrated(page);
  await page.getByLabel('Bedrijf').selectOption(entityId);
  await expect(page.locator('[data-node="udlejet"]')).toBeVisible();

  // A lead for this entity starts in the rental workflow's first status.
  await page.goto('/ops/leads/nieuw');
  await hydrated(page);
  await page.getByLabel('Bedrijf').selectOption('laadpaal-leasing');
  await page.getByLabel('Voornaam').fill('Mette');
  await page.getByLabel('Achternaam').fill('Jensen');
  await page.getByLabel('E-mailadres').fill('mette.jensen@example.nl');
  await page.getByLabel('Straat').fill('Havenweg');
  await page.getByLabel('Huisnummer').fill('3');
  await page.getByLabel('Postcode').fill('3861AB');
  await page.getByLabel('Plaats').fill('Nijkerk');
  await page.getByRole('button', { name: 'Lead aanmaken' }).click();
  const year = new Date().getFullYear();
  await expect(page.locator('#lead-number')).toHaveText(`RL-${year}-00001`);
  await page.getByRole('link', { name: 'Order openen' }).click();
  await hydrated(page);
  await expect(page.getByTestId('order-status')).toHaveText('Bestilling modtaget');
  // The credit check was approved outside the platform: reporting it makes
  // the workflow's automatic move.
  await page.locator('#order-events [data-event="credit_check_approved"]').click();
  await expect(page.getByTestId('order-status')).toHaveText('Bestilt');
  await expect(page.getByTestId('timeline')).toContainText('Bestilt');
  await expect(page.locator('#order-events [data-event="contract_signed"]')).toBeVisible();
});

test('prices are edited in the matrix, the sample quote follows before saving, and a saved price survives a reload @phone', async ({ page }) => {
  await signIn(page, 'admin@chargecars.nl');
  await page.goto('/admin/catalogus');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Catalogus en prijzen', level: 1 })).toBeVisible();

  // The sample quote for RatioShop, reseller, standard complexity.
  await page.locator('#pv-entity').selectOption({ label: 'RatioShop' });
  await page.locator('#pv-partner').selectOption('reseller');
  const total = page.getByTestId('pv-total');
  const before = await total.textContent();
  // The first line is the first charger: give RatioShop its own price.
  const charger = await page.locator('select[data-line="0"]').inputValue();
  const cell = page.locator(`[data-cell="base:${charger}:5"]`);
  await cell.fill('abc');
  await expect(cell).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#cat-save-prices')).toBeDisabled();
  // Both projects share one database: each sets a price of its own.
  const [typed, shown, stored] =
    test.info().project.name === 'phone' ? ['1.345,50', '€ 1.345,50', '1345,50'] : ['1.234,50', '€ 1.234,50', '1234,50'];
  await cell.fill(typed);
  await expect(total).not.toHaveText(before ?? '');
  await expect(page.locator('#cat-preview')).toContainText(shown);
  // A margin edited but not saved changes the commission at once.
  const commission = page.getByTestId('pv-commission');
  const margin = page.locator('[data-cell="margin:reseller"]');
  const oldMargin = await margin.inputValue();
  await margin.fill('20');
  await expect(page.locator('#cat-preview')).toContainText('Commissie partner (20 %)');
  await margin.fill(oldMargin);
  await expect(commission).not.toHaveText('€ 0,00');
  await page.screenshot({ path: `test-results/admin-catalogue-${test.info().project.name}.png`, fullPage: true });

  await page.locator('#cat-save-prices').click();
  await expect(page.getByTestId('cat-saved')).toContainText('1 prijsregels opgeslagen');
  await page.reload();
  await hydrated(page);
  await expect(page.locator(`[data-cell="base:${charger}:5"]`)).toHaveValue(stored);

  // A product's duration is edited; a bad SKU is named.
  const row = page.locator('#cat-products tbody tr').first();
  await row.getByRole('button', { name: 'Bewerken' }).click();
  await page.locator('#prd-sku').fill('met spatie');
  await page.locator('#cat-product-form').getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByText('Alleen hoofdletters, cijfers en streepjes')).toBeVisible();
});

test('an admin onboards a new partner step by step with its own commission @phone', async ({ page }) => {
  await signIn(page, 'admin@chargecars.nl');
  await page.goto('/admin/partners');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Partners', level: 1 })).toBeVisible();
  await expect(page.getByTestId('prt-range')).toContainText('1–50 /');
  // Both projects share one database: each onboards a partner of its own.
  const name = `Laadnet Twente (${test.info().project.name})`;
  const create = page.locator('#prt-new');
  await create.getByText('Nieuwe partner').click();
  await create.getByLabel('Naam organisatie').fill(name);
  await create.getByLabel('E-mailadres').fill('partners@laadnet');
  await create.getByLabel('Eigen commissie (%)').fill('7,5');
  await create.getByRole('button', { name: 'Partner aanmaken' }).click();
  await expect(create.getByText('Vul een geldig e-mailadres in')).toBeVisible();
  await create.getByLabel('E-mailadres').fill(`partners-${test.info().project.name}@laadnet.nl`);
  // A new partner cannot start active.
  await create.getByLabel('Onboarding').selectOption('active');
  await create.getByRole('button', { name: 'Partner aanmaken' }).click();
  await expect(create.getByText('Deze stap mag niet')).toBeVisible();
  await create.getByLabel('Onboarding').selectOption('invited');
  await create.getByRole('button', { name: 'Partner aanmaken' }).click();
  await expect(page.getByTestId('prt-saved')).toContainText(name);

  await page.locator('#prt-q').fill('laadnet twente');
  const row = page.locator(`li[data-partner="${name}"]`);
  await expect(row.getByTestId('prt-state')).toHaveText('Uitgenodigd');
  await expect(row.getByTestId('prt-commission')).toContainText('7,5 %');
  await row.getByRole('button', { name: 'Bewerken' }).click();
  await row.getByLabel('Onboarding').selectOption('onboarding');
  await row.getByRole('button', { name: 'Opslaan' }).click();
  await expect(row.getByTestId('prt-state')).toHaveText('In onboarding');
  await page.screenshot({ path: `test-results/admin-partners-${test.info().project.name}.png`, fullPage: true });
});

test('an admin gives a brand its logo; it shows on the public pages, and an SVG with a script is refused', async ({ page, request }) => {
  await signIn(page, 'admin@chargecars.nl');
  await page.goto('/admin/bedrijven');
  await hydrated(page);
  const cell = page.locator('tr[data-entity-row="ratioshop"] [data-logo-cell]');
  await cell.getByLabel('Logo voor RatioShop').setInputFiles({
    name: 'evil.svg', mimeType: 'image/svg+xml',
    buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><script>alert(1)</script></svg>'),
  });
  await expect(cell.getByRole('alert')).toHaveText(
    'In deze SVG blijft niets over om te tonen: alleen scripts of inhoud die niet is toegestaan.',
  );
  await cell.getByLabel('Logo voor RatioShop').setInputFiles({
    name: 'ratio.svg', mimeType: 'image/svg+xml',
    buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" rx="6" fill="#be123c"/><path d="M12 10h8v20h-8z" fill="#fff"/></svg>'),
  });
  const img = page.locator('tr[data-entity-row="ratioshop"] img');
  await expect(img).toHaveAttribute('src', /\/api\/brands\/ratioshop\/logo\?v=1/);
  const logo = await request.get('/api/brands/ratioshop/logo');
  expect(logo.status()).toBe(200);
  expect(logo.headers()['content-type']).toBe('image/svg+xml');
  expect(logo.headers()['content-security-policy']).toContain('sandbox');
  // The public start page shows it with the brand.
  await page.goto('/');
  await expect(page.locator('li[data-entity="ratioshop"] img')).toHaveAttribute('src', /ratioshop\/logo/);
});

test('an admin sets the site-readiness timeout, a cancellation fee and the optimiser; bad values are named', async ({ page }) => {
  await signIn(page, 'admin@chargecars.nl');
  await page.goto('/admin/instellingen');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Instellingen', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Dagen')).toHaveValue('30');
  await page.getByLabel('Dagen').fill('0');
  await page.locator('#fee-intake_sent').fill('veel');
  await expect(page.getByLabel('Zoektijd (seconden)')).toHaveValue('5');
  await expect(page.getByRole('radio', { name: /^Zo min mogelijk kilometers/ })).toBeChecked();
  await page.getByLabel('Zoektijd (seconden)').fill('90');
  await page.locator('#set-save').click();
  await expect(page.getByText('Tussen 1 en 365 dagen.')).toBeVisible();
  await expect(page.getByText('Tussen 1 en 60 seconden.')).toBeVisible();
  await expect(page.locator('#fee-intake_sent')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Dagen').fill('21');
  await page.locator('#fee-intake_sent').fill('25,00');
  await page.getByLabel('Zoektijd (seconden)').fill('3');
  await page.getByRole('radio', { name: /^Zo min mogelijk teams/ }).check();
  await page.locator('#set-save').click();
  await expect(page.getByTestId('set-saved')).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('Dagen')).toHaveValue('21');
  await expect(page.locator('#fee-intake_sent')).toHaveValue('25,00');
  await expect(page.locator('#fee-quote_sent')).toHaveValue('49,00');
  await expect(page.getByLabel('Zoektijd (seconden)')).toHaveValue('3');
  await expect(page.getByRole('radio', { name: /^Zo min mogelijk teams/ })).toBeChecked();
  // Put the timeout and the optimiser back for the other tests.
  await page.getByLabel('Dagen').fill('30');
  await page.getByLabel('Zoektijd (seconden)').fill('5');
  await page.getByRole('radio', { name: /^Zo min mogelijk kilometers/ }).check();
  await page.locator('#set-save').click();
  await expect(page.getByTestId('set-saved')).toBeVisible();
});

test('a planner gets 403 on every admin page', async ({ page }) => {
  await signIn(page, 'planner@chargecars.nl');
  for (const p of ['/admin/gebruikers', '/admin/workflows', '/admin/catalogus', '/admin/partners', '/admin/instellingen', '/admin/regios', '/admin/audit']) {
    const r = await page.goto(p);
    expect(r?.status(), p).toBe(403);
  }
  for (const fn of ['/api/admin/users', '/api/admin/workflow', '/api/admin/catalogue']) {
    const r = await page.request.post(fn, { headers: { Accept: 'application/json' }, form: { query: '' } });
    expect(r.status(), fn).toBe(403);
  }
});
