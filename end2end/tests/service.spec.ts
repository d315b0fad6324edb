import { test, expect, Page } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, newestMail, signIn } from './helpers';

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** A 640×480 PNG (a phone photo stands in): solid colour, made here. */
function photo(): Buffer {
  const { deflateSync, crc32 } = require('zlib');
  const w = 640, h = 480;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = 200; raw[o + 1] = (x * 255) / w; raw[o + 2] = (y * 255) / h;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('a customer reports a problem with a photo; ops see the case and plan a visit @phone', async ({ page, browser }) => {
  await signIn(page, 'klant3@example.nl');
  await page.goto('/klant/service');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Service en garantie');
  // What was installed, and until when it is covered.
  await expect(page.getByTestId('warranties')).toContainText('loopt');

  const form = page.getByTestId('service-form');
  await form.getByLabel('Wat is er aan de hand?').selectOption('error_code');
  const text = `Rood lampje en foutcode E${test.info().project.name.length}${Date.now() % 1000}`;
  await form.getByLabel('Beschrijf het probleem').fill(text);
  await form.getByLabel("Foto's (maximaal 4)").setInputFiles({ name: 'meterkast.png', mimeType: 'image/png', buffer: photo() });
  // Shrunk in the browser: a JPEG preview.
  await expect(form.getByTestId('photo-previews').locator('img')).toHaveCount(1);
  await expect(form.getByTestId('photo-previews').locator('img')).toHaveAttribute('src', /^data:image\/jpeg;base64,/);
  expect(await violations(page)).toEqual([]);
  await form.getByRole('button', { name: 'Melding versturen' }).click();
  const status = page.getByRole('status');
  await expect(status).toContainText('is ontvangen');
  const number = (await status.textContent())!.match(/\S+-S\d+/)![0];
  const card = page.locator(`[data-case="${number}"]`);
  await expect(card).toContainText('Ontvangen');
  await expect(card.locator('img')).toHaveCount(1);
  await page.screenshot({ path: `test-results/klant-service-${test.info().project.name}.png`, fullPage: true });
  await newestMail('servicemelding', number);

  // Ops: the case with its photo and deadline; triage, then a visit.
  const desk = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const ops = await desk.newPage();
  await signIn(ops, 'ops@chargecars.nl');
  await ops.goto('/ops/service');
  await hydrated(ops);
  const row = ops.locator(`li[data-case="${number}"]`);
  await expect(row).toContainText(text);
  await expect(row.locator('img')).toHaveCount(1);
  await expect(row).toContainText('vóór');
  const img = await row.locator('img').getAttribute('src');
  const served = await ops.request.get(img!);
  expect(served.headers()['content-type']).toBe('image/jpeg');
  await row.getByRole('button', { name: 'Naar: In behandeling' }).click();
  await expect(row.getByTestId('case-status')).toHaveText('In behandeling');
  await row.getByRole('button', { name: 'Naar: Monteur komt langs' }).click();
  await expect(row.getByTestId('case-status')).toHaveText('Monteur komt langs');
  expect(await violations(ops)).toEqual([]);
  await ops.screenshot({ path: 'test-results/ops-service.png', fullPage: true });
  await desk.close();

  // The customer now chooses when the technician comes.
  await page.goto('/klant/service');
  await hydrated(page);
  await expect(page.locator(`[data-case="${number}"]`)).toContainText('Monteur komt langs');
});
