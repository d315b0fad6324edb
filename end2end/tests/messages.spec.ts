import { test, expect } from './fixtures';
import { createHmac } from 'crypto';
import { hydrated, newestMail, signIn } from './helpers';

// The communications engine (issue 16): a new lead's confirmation leaves
// through SMTP from its brand's mailboxes, in text and HTML; admins edit the
// templates with a live preview, a test send and versions.

test('a new lead is confirmed by mail from its brand, and the intake mail follows', async ({ page }) => {
  await signIn(page, 'ops@chargecars.nl');
  await page.goto('/ops/leads/nieuw');
  await hydrated(page);
  await page.getByLabel('Bedrijf').selectOption('laderthuis');
  await page.getByLabel('Voornaam').fill('Noor');
  await page.getByLabel('Achternaam').fill('Bakker');
  await page.getByLabel('E-mailadres').fill('noor.bakker@example.nl');
  await page.getByLabel('Straat').fill('Kerkstraat');
  await page.getByLabel('Huisnummer').fill('3');
  await page.getByLabel('Postcode').fill('3861AB');
  await page.getByLabel('Plaats').fill('Nijkerk');
  await page.getByRole('button', { name: 'Lead aanmaken' }).click();
  const number = (await page.locator('#lead-number').textContent())!.trim();
  expect(number).toMatch(/^LT-\d{4}-\d{5}$/);

  const mail = await newestMail(`Bevestiging van uw order ${number}`);
  expect(mail.to).toBe('noor.bakker@example.nl');
  expect(mail.from).toBe('LaderThuis <noreply@laderthuis.nl>');
  expect(mail.replyTo).toBe('support@laderthuis.nl');
  expect(mail.text).toContain('Beste Noor Bakker,');
  expect(mail.text).toContain(`/klant/orders/${number}`);
  // The HTML part holds the same link as a button, in the brand.
  expect(mail.html).toContain(`/klant/orders/${number}" style="display:inline-block`);
  expect(mail.html).toContain('LaderThuis');

  // Ops send the intake; its mail's link opens the form for this order.
  await page.goto(`/ops/pipeline`);
  await hydrated(page);
  await page.getByLabel('Zoeken').fill(number);
  await page.getByLabel('Zoeken').press('Enter');
  await expect(page.locator('.board-card')).toHaveCount(1);
  await page.locator(`[data-order="${number}"]`).getByRole('button', { name: 'Verplaatsen' }).click();
  await page.getByRole('button', { name: 'Verplaats naar Intake verstuurd' }).click();
  const intake = await newestMail(`Uw intake voor order ${number}`);
  const link = intake.text.split(/\s+/).find((w) => w.includes('/intake/'))!;
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Uw intake');
  await expect(page.getByText(number)).toBeVisible();
});

test('an admin edits a template with a live preview, sends a test and saves a version', async ({ page }) => {
  await signIn(page, 'admin@chargecars.nl');
  await page.goto('/admin');
  await hydrated(page);
  await page.getByRole('link', { name: 'Sjablonen' }).first().click();
  await expect(page).toHaveURL(/\/admin\/sjablonen$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Berichtsjablonen');
  await hydrated(page);
  await page.getByLabel('Bedrijf').selectOption({ label: 'LaderThuis' });
  await page.getByLabel('Berichttaal').selectOption('en');
  await page.getByTestId('tpl-list').getByRole('button', { name: /Offerte staat klaar\s*E-mail/ }).click();

  const subject = page.getByLabel('Onderwerp');
  const body = page.getByLabel('Tekst');
  await expect(subject).toHaveValue('Your quote for order {{order_number}} is ready');
  await expect(page.getByTestId('tpl-vars')).toContainText('{{portal_link}} *');

  // An unknown variable is named; a missing required one too.
  await body.fill('Dear {{klant}}, your quote is ready.');
  const problems = page.getByTestId('tpl-problems');
  await expect(problems).toContainText('Onbekende variabele {{klant}}');
  await expect(problems).toContainText('Verplichte variabele {{portal_link}} ontbreekt');

  // A valid draft is previewed with a real LaderThuis order.
  await body.fill('Dear {{customer_name}}, see {{portal_link}}');
  await subject.fill('LaderThuis quote {{order_number}}');
  const preview = page.getByTestId('tpl-preview');
  await expect(preview).toContainText(/Ingevuld met order LT-\d{4}-\d{5}/);
  await expect(preview).toContainText(/LaderThuis quote LT-\d{4}-\d{5}/);
  // The HTML part as the customer sees it: the link is a button in the brand.
  await expect(page.getByTestId('tpl-html').locator('a[href*="/klant/orders/LT-"]').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/admin-sjablonen.png', fullPage: true });

  // A test goes to the admin's own address.
  await page.getByRole('button', { name: 'Stuur test naar mij' }).click();
  await expect(page.getByTestId('tpl-tested')).toContainText('Testbericht staat klaar');
  const test_mail = await newestMail('LaderThuis quote LT-');
  expect(test_mail.to).toBe('admin@chargecars.nl');
  expect(test_mail.subject).toMatch(/^\[Test .*\] LaderThuis quote LT-/);

  // Saving makes version 2; the list marks it as edited.
  await page.getByRole('button', { name: 'Opslaan als nieuwe versie' }).click();
  await expect(page.getByTestId('tpl-saved')).toHaveText('Opgeslagen als versie 2');
  await expect(page.getByTestId('tpl-list').getByRole('button', { name: /Offerte staat klaar\s*E-mail/ })).toContainText('aangepast');
  await page.locator('summary', { hasText: 'Versies' }).click();
  await expect(page.getByTestId('tpl-versions').locator('li')).toHaveCount(2);
});

test("a customer's WhatsApp reply appears in the order's thread, and ops answer it", async ({ page, request }) => {
  await signIn(page, 'ops@chargecars.nl');
  await page.goto('/ops/leads/nieuw');
  await hydrated(page);
  await page.getByLabel('Bedrijf').selectOption('chargecars');
  await page.getByLabel('Voornaam').fill('Sem');
  await page.getByLabel('Achternaam').fill('Visser');
  await page.getByLabel('E-mailadres').fill('sem.visser@example.nl');
  await page.getByLabel('Telefoon').fill('06 2345 6789');
  await page.getByLabel('Straat').fill('Hoofdstraat');
  await page.getByLabel('Huisnummer').fill('8');
  await page.getByLabel('Postcode').fill('3861AB');
  await page.getByLabel('Plaats').fill('Nijkerk');
  await page.getByRole('button', { name: 'Lead aanmaken' }).click();
  const number = (await page.locator('#lead-number').textContent())!.trim();

  // The provider posts the customer's message, signed with its secret.
  const t = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ changes: [{ value: { messages: [{
      from: '31623456789', id: `wamid.e2e-${t}`, timestamp: String(t), type: 'text',
      text: { body: 'Kunnen jullie ook op zaterdag komen?' },
    }] } }] }],
  });
  const unsigned = await request.post('/api/webhooks/whatsapp', { data: body, headers: { 'Content-Type': 'application/json' } });
  expect(unsigned.status()).toBe(401);
  const signature = `t=${t},v1=${createHmac('sha256', 'e2e-whatsapp-secret').update(`${t}.${body}`).digest('hex')}`;
  const signed = await request.post('/api/webhooks/whatsapp', {
    data: body,
    headers: { 'Content-Type': 'application/json', 'X-Signature': signature },
  });
  expect(signed.status()).toBe(200);

  // Ops find it in the inbox of waiting conversations (a question: normal,
  // an answer within a day) and open the order from there.
  await page.goto('/ops/berichten');
  await hydrated(page);
  const waiting = page.getByTestId('waiting').locator(`tr[data-order="${number}"]`);
  await expect(waiting).toHaveAttribute('data-priority', 'normal');
  await expect(waiting).toContainText('Kunnen jullie ook op zaterdag komen?');
  await page.getByTestId('waiting').screenshot({ path: 'test-results/ops-waiting.png' });
  await waiting.getByRole('link', { name: number }).click();
  await expect(page).toHaveURL(new RegExp(`/ops/orders/${number}$`));
  await hydrated(page);
  const thread = page.getByTestId('thread');
  const incoming = thread.locator('[data-direction="in"]');
  await expect(incoming).toContainText('Kunnen jullie ook op zaterdag komen?');
  await expect(incoming).toContainText('onbeantwoord');

  // An agent takes it and raises it to high: four hours to answer.
  const handling = thread.getByTestId('thread-handling');
  await expect(handling.getByTestId('reply-due')).toContainText('Antwoord vóór');
  await handling.getByLabel('Behandelaar').selectOption({ index: 1 });
  await handling.getByLabel('Prioriteit').selectOption('high');
  await handling.getByRole('button', { name: 'Opslaan' }).click();
  await expect(thread.getByTestId('thread-handling')).toHaveAttribute('data-priority', 'high');
  await expect(thread.getByLabel('Behandelaar')).not.toHaveValue('');
  await thread.getByTestId('thread-handling').screenshot({ path: 'test-results/thread-handling.png' });
  await expect(thread.getByLabel('Antwoorden via')).toHaveValue('whatsapp');
  await thread.getByLabel('Antwoord aan de klant').fill('Ja, zaterdag kan. We sturen u een nieuwe afspraak.');
  await thread.getByRole('button', { name: 'Versturen' }).click();
  const answer = thread.locator('[data-direction="out"]').filter({ hasText: 'Ja, zaterdag kan.' });
  await expect(answer).toContainText('WhatsApp');
  await expect(answer).toContainText('+31623456789');
  await expect(incoming).not.toContainText('onbeantwoord');
  await page.screenshot({ path: 'test-results/ops-order-thread.png', fullPage: true });

  // Answered: it left the inbox.
  await page.goto('/ops/berichten');
  await hydrated(page);
  await expect(page.getByTestId('waiting')).toBeVisible();
  await expect(page.getByTestId('waiting').locator(`tr[data-order="${number}"]`)).toHaveCount(0);
});

test('a customer chooses offers on the preferences page, and the unsubscribe link in any mail turns them off @phone', async ({ page }) => {
  await signIn(page, 'klant@example.nl');
  await page.goto('/klant');
  await hydrated(page);
  // In the portal's menu (a drawer on a phone).
  await expect(page.getByRole('link', { name: 'Berichtvoorkeuren' }).first()).toHaveAttribute('href', '/klant/voorkeuren');
  await page.goto('/klant/voorkeuren');
  await hydrated(page);
  // Their order mail and their account mail go to two addresses; each is
  // its own choice.
  const email = page.locator('fieldset[data-address="klant@example.nl"]');
  await expect(email).toContainText('E-mail');
  await email.getByLabel('Aanbiedingen en onderzoeken').check();
  await page.getByRole('button', { name: 'Voorkeuren opslaan' }).click();
  await expect(page.getByRole('status')).toHaveText('Uw voorkeuren zijn opgeslagen.');

  // Any mail carries the unsubscribe link (here: a sign-in link, which is
  // about their account and arrives whatever they chose).
  await page.context().clearCookies();
  await page.goto('/inloglink');
  await hydrated(page);
  await page.getByLabel('E-mailadres').fill('klant@example.nl');
  await page.getByRole('button', { name: 'Stuur mij een inloglink' }).click();
  // Its own link (another test may just have asked one for klant4).
  const mail = await newestMail('Uw inloglink', 'klant@example.nl');
  // The HTML part's footer link, with its entities decoded as a browser would.
  const html = mail.html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  const unsubscribe = new URL(html.match(/href="([^"]*\/afmelden\?token=[^"]+)"/)![1]);
  await page.goto(unsubscribe.pathname + unsubscribe.search);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Afmelden');
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await expect(page.getByRole('status')).toContainText('klant@example.nl');

  await signIn(page, 'klant@example.nl');
  await page.goto('/klant/voorkeuren');
  await hydrated(page);
  await expect(page.locator('fieldset[data-address="klant@example.nl"]').getByLabel('Aanbiedingen en onderzoeken')).not.toBeChecked();
  await page.screenshot({ path: `test-results/klant-voorkeuren-${test.info().project.name}.png`, fullPage: true });
});

test('ops see what left per channel and day, and what could not be delivered', async ({ page }) => {
  await signIn(page, 'ops@chargecars.nl');
  await page.goto('/ops');
  await hydrated(page);
  await page.getByRole('link', { name: 'Berichten' }).first().click();
  await expect(page).toHaveURL(/\/ops\/berichten$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Berichten');
  const cards = page.getByTestId('ms-channels');
  await expect(cards.locator('[data-channel]')).toHaveCount(3);
  // This suite's mails went out through the local SMTP server.
  await expect(cards.locator('[data-channel="email"] .text-2xl')).not.toHaveText(/^0/);
  await page.screenshot({ path: 'test-results/ops-berichten.png', fullPage: true });
});
