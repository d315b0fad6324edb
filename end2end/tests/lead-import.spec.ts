import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'child_process';
import { hydrated, signIn } from './helpers';

/// 50 leads, three of them wrong: a postcode, a missing surname, and the
/// same person and address twice.
function leadsCsv(tag: string): string {
  const lines = ['Voornaam;Achternaam;E-mail;Telefoon;Straat;Huisnummer;Postcode;Plaats;Laadpalen'];
  for (let i = 1; i <= 50; i++) {
    let [last, email, postcode] = [`Import${i}`, `lead${i}.${tag}@example.nl`, `38${60 + (i % 10)} AB`];
    if (i === 10) postcode = '12';
    if (i === 20) last = '';
    if (i === 30) [email, postcode] = [`lead5.${tag}@example.nl`, `38${60 + 5} AB`];
    lines.push(`Lead;${last};${email};06 1234 56${String(i).padStart(2, '0')};Dorpsstraat;${i};${postcode};Nijkerk;1`);
  }
  return lines.join('\r\n') + '\r\n';
}

test('a partner imports 50 leads from a CSV with 3 bad rows and gets 47 orders', async ({ page }) => {
  await signIn(page, 'partner@groendus.nl');
  await page.goto('/partner/leads/nieuw');
  await hydrated(page);
  await page.getByRole('link', { name: 'Veel leads tegelijk? Importeer een bestand.' }).click();
  await expect(page).toHaveURL(/\/partner\/leads\/import$/);
  await hydrated(page);

  const tag = `${Date.now()}`;
  await page.getByLabel('CSV- of Excel-bestand').setInputFiles({
    name: 'leads-groendus.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(leadsCsv(tag)),
  });
  const preview = page.getByTestId('imp-preview');
  await expect(preview.getByTestId('imp-valid')).toHaveText('47');
  await expect(preview.getByTestId('imp-invalid')).toHaveText('3');
  const errors = preview.getByTestId('imp-errors');
  await expect(errors.locator('tbody tr')).toHaveCount(3);
  await expect(errors.locator('tbody tr').nth(0)).toContainText('Postcode: Vul een geldige postcode in');
  await expect(errors.locator('tbody tr').nth(1)).toContainText('Achternaam: Vul dit in.');
  await expect(errors.locator('tbody tr').nth(2)).toContainText('E-mail: staat al eerder in dit bestand');
  const a11y = await new AxeBuilder({ page }).analyze();
  expect(a11y.violations).toEqual([]);
  await page.screenshot({ path: 'test-results/lead-import-preview.png', fullPage: true });

  await page.getByTestId('imp-run').click();
  const done = page.getByTestId('imp-done');
  await expect(done.getByTestId('imp-made')).toHaveText('47', { timeout: 30_000 });
  await expect(done.getByTestId('imp-orders').locator('a')).toHaveCount(47);
  // The rejected rows, with their reasons, to correct and upload again.
  const href = await done.getByTestId('imp-rejected-csv').getAttribute('href');
  const rejected = decodeURIComponent(href!.replace(/^data:text\/csv;charset=utf-8,/, '')).trim().split('\n');
  expect(rejected).toHaveLength(4);
  expect(rejected[0]).toContain('fout');
  await page.screenshot({ path: 'test-results/lead-import-done.png', fullPage: true });

  // 47 orders of this partner's, for these leads, in the database.
  const count = execFileSync('python3', ['-c', [
    'import sqlite3, sys',
    'db = sqlite3.connect(sys.argv[1])',
    'print(db.execute("select count(*) from orders o join contacts c on c.id = o.end_customer_contact_id '
      + 'join partners p on p.id = o.partner_id where c.email like ?", ("%." + sys.argv[2] + "@example.nl",)).fetchone()[0])',
  ].join('\n'), process.env.E2E_DB_FILE!, tag]).toString().trim();
  expect(count).toBe('47');

  // The same file again makes nothing twice.
  await page.reload();
  await hydrated(page);
  await page.getByLabel('CSV- of Excel-bestand').setInputFiles({
    name: 'leads-groendus.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(leadsCsv(tag)),
  });
  await expect(page.getByTestId('imp-valid')).toHaveText('0');
  await expect(page.getByTestId('imp-errors')).toContainText('er is al een order voor dit adres');
});
