import { test, expect, Page } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'child_process';
import { hydrated, signIn } from './helpers';
import { addToTeam, freePerson, lanes } from './board';

/** A day `days` from now, as the date input writes it. */
function isoDate(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** A planner puts Daan Mulder (the demo technician) on a team for `day`,
 * lets the optimiser fill its route and publishes it; returns the first
 * order on the route. */
async function publishedRoute(page: Page, day: string): Promise<string> {
  await signIn(page, 'planner@chargecars.nl');
  await page.goto(`/ops/planning?datum=${day}`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Team toevoegen' }).click();
  const lane = lanes(page).first();
  await expect(lane).toBeVisible();
  await page.getByRole('button', { name: 'Toevoegen aan Daan Mulder' }).click();
  await page.getByRole('dialog').getByRole('button', { name: /^Team 1 \(/ }).click();
  await addToTeam(page, freePerson(page), 'Team 1');
  await expect(lane).toHaveAttribute('data-members', '2');
  await page.getByRole('button', { name: 'Optimaliseren' }).click();
  const preview = page.getByTestId('preview');
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await preview.getByRole('button', { name: 'Toepassen' }).click();
  await expect(page.getByTestId('plan-notice')).toContainText('Planning toegepast');
  const first = (await lane.locator('.tl-stop').first().getAttribute('data-order'))!;
  await page.getByRole('button', { name: 'Publiceren' }).click();
  await expect(page.getByTestId('plan-notice')).toContainText('Gepubliceerd');
  return first;
}

// Issue 19: the technician runs a whole visit on a phone without a
// connection; every step waits on the phone and is sent, once, when the
// connection is back; ops then see the completed, invoiced order.
test('a technician runs a whole visit offline and it syncs when the connection returns', async ({ page, browser }) => {
  test.setTimeout(240_000);
  // A day no other spec plans (planning uses 35–39 and 46, reminders 40).
  const day = isoDate(43);
  const order = await publishedRoute(page, day);

  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await ctx.newPage();
  await signIn(phone, 'monteur@chargecars.nl');
  await phone.goto(`/monteur?datum=${day}`);
  await hydrated(phone);
  // The day: what to load into the van, and per stop what to bring.
  await expect(phone.getByTestId('day-bring')).toBeVisible();
  await expect(phone.locator(`li[data-stop="${order}"]`).getByTestId('stop-bring')).toContainText(' × ');
  const dayA11y = await new AxeBuilder({ page: phone }).analyze();
  expect(dayA11y.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  await phone.screenshot({ path: 'test-results/field-today.png', fullPage: true });
  const open = phone.locator(`li[data-stop="${order}"]`).getByRole('link', { name: 'Bezoek openen' });
  const visitId = (await open.getAttribute('href'))!.match(/bezoek\/(\d+)/)![1];
  await open.click();
  await expect(phone.getByTestId('field-visit')).toBeVisible();
  await hydrated(phone);
  await expect(phone.getByTestId('sync-status')).toContainText('Alles is verzonden');
  // Installable: a valid web manifest, and a service worker that controls
  // the technician's pages once it runs (checked after a reload).
  const manifest = await phone.evaluate(async () => {
    const link = document.querySelector('link[rel="manifest"]') as HTMLLinkElement;
    const res = await fetch(link.href);
    return { type: res.headers.get('content-type'), json: await res.json() };
  });
  expect(manifest.type).toContain('manifest+json');
  expect(manifest.json).toMatchObject({ name: 'ChargeCars Monteur', start_url: '/monteur', scope: '/monteur', display: 'standalone' });
  expect(manifest.json.icons.length).toBeGreaterThan(0);
  await phone.evaluate(async () => { await navigator.serviceWorker.ready; });
  await phone.reload();
  await hydrated(phone);
  expect(await phone.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/sw\.js$/);
  await expect(phone.getByTestId('sync-status')).toContainText('Alles is verzonden');
  const a11y = await new AxeBuilder({ page: phone }).analyze();
  expect(a11y.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  // Photos to take: pictures of the screen, as image files.
  const shots = [await phone.screenshot(), await phone.screenshot({ clip: { x: 0, y: 0, width: 390, height: 300 } }), await phone.screenshot({ clip: { x: 0, y: 100, width: 390, height: 400 } })];

  // The technician allows their position: the phone is at the address.
  const dest = (await phone.getByRole('link', { name: 'Route', exact: true }).first().getAttribute('href'))!.match(/destination=([\d.]+),([\d.]+)/)!;
  await ctx.grantPermissions(['geolocation']);
  await ctx.setGeolocation({ latitude: Number(dest[1]), longitude: Number(dest[2]) + 0.0003 });

  // The basement: no connection from here on.
  await ctx.setOffline(true);
  const step = (name: string) => phone.locator(`[data-step-card="${name}"]`);
  await phone.locator('[data-step="on_the_way"]').click();
  await expect(step('on_the_way')).toHaveAttribute('data-done', 'true');
  await phone.locator('[data-step="arrived"]').click();
  await expect(step('arrived')).toHaveAttribute('data-done', 'true');
  // A break, started and ended on the phone (time registration).
  await phone.locator('[data-step="break"]').click();
  await expect(phone.getByTestId('break')).toHaveAttribute('data-on-break', 'true');
  await phone.locator('[data-step="break"]').click();
  await expect(phone.getByTestId('break')).toHaveAttribute('data-on-break', 'false');
  for (const c of await step('pre_checklist').locator('input[type=checkbox]').all()) await c.check();
  await phone.locator('[data-step="pre_checklist"]').click();
  await expect(step('pre_checklist')).toHaveAttribute('data-done', 'true');
  for (const [i, shot] of shots.entries()) {
    await phone.locator('#f-phase').selectOption(['before', 'meter_cabinet', 'finished'][i]);
    await phone.getByTestId('photo-input').setInputFiles({ name: `foto-${i}.png`, mimeType: 'image/png', buffer: shot });
    await expect(phone.getByTestId('photo-count')).toContainText(`${i + 1} foto`);
  }
  const c = step('commissioning');
  for (const box of await c.locator('input[type=checkbox]').all()) await box.check();
  await c.locator('#f-amps').fill('16');
  await c.locator('#f-cp').fill('CC-ZAP-000777');
  await c.locator('#f-url').fill('wss://ocpp.chargecars.nl/ocpp');
  await c.locator('#f-kwh').fill('1,2');
  await c.locator('#f-rcd-ms').fill('24');
  await c.locator('#f-rcd-ma').fill('30');
  const serials = c.locator('input[id^="f-serial-"]');
  for (let i = 0; i < (await serials.count()); i++) await serials.nth(i).fill(`ZAP-E2E-${i + 1}`);
  await phone.locator('[data-step="commissioning"]').click();
  await expect(c).toHaveAttribute('data-done', 'true');
  // The order's charger is listed to start with; the cable is an extra.
  const used = step('materials').getByTestId('materials').locator('li');
  await expect(used).not.toHaveCount(0);
  const fromOrder = (await used.first().locator('span').innerText()).replace(/^×\s*/, '').trim();
  await phone.locator('#f-mat').fill('Kabel 5x6 mm²');
  await phone.locator('#f-qty').fill('12');
  await step('materials').getByRole('button', { name: 'Toevoegen' }).click();
  await phone.locator('[data-step="materials"]').click();
  await expect(step('materials')).toHaveAttribute('data-done', 'true');
  await phone.locator('#f-signer').fill('Koen Demir');
  const pad = phone.getByTestId('signature-pad');
  const box = (await pad.boundingBox())!;
  // A finger on the pad: pointer events as a touch screen sends them.
  const touch = (type: string, dx: number, dy: number) =>
    pad.dispatchEvent(type, { pointerType: 'touch', isPrimary: true, bubbles: true, clientX: box.x + dx, clientY: box.y + dy });
  await touch('pointerdown', 20, 60);
  for (const [dx, dy] of [[60, 20], [120, 80], [200, 30], [280, 90]]) await touch('pointermove', dx, dy);
  await touch('pointerup', 280, 90);
  await phone.locator('[data-step="complete"]').click();
  await expect(step('complete')).toHaveAttribute('data-done', 'true');

  // Everything waits on the phone: 6 steps, a break (2) and 3 photos.
  await expect(phone.getByTestId('waiting-count')).toHaveText('11');
  await phone.screenshot({ path: 'test-results/field-offline-waiting.png', fullPage: true });

  // The app is reloaded in the basement: the page and the app come from the
  // phone, and every recorded step is still there.
  const started = Date.now();
  await phone.reload();
  await expect(phone.getByTestId('waiting-count')).toHaveText('11');
  console.log(`offline reload of the visit with its queue: ${Date.now() - started} ms`);
  await expect(step('complete')).toHaveAttribute('data-done', 'true');
  await expect(phone.getByTestId('photo-count')).toContainText('3 foto');

  // Back online, but the connection drops mid-sync: the server receives
  // the second photo's upload and the batch of steps, and the phone hears
  // neither answer. The phone sends them again; the server keeps each once.
  const cut = { chunk: 0, sync: 0 };
  await ctx.route('**/api/field/photo/chunk', async (route) => {
    cut.chunk += 1;
    if (cut.chunk === 2) {
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await ctx.route('**/api/field/sync', async (route) => {
    cut.sync += 1;
    if (cut.sync === 1) {
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await ctx.setOffline(false);
  await expect(phone.getByTestId('sync-status')).toContainText('Alles is verzonden', { timeout: 60_000 });
  await expect(phone.getByTestId('refused')).toHaveCount(0);
  expect(cut.sync, 'the batch was sent again after the drop').toBeGreaterThanOrEqual(2);
  expect(cut.chunk, 'the photo was sent again after the drop').toBeGreaterThanOrEqual(3);
  // Count the rows: each step once, each photo once, one completion, one invoice.
  const rows = JSON.parse(execFileSync('python3', ['-c', [
    'import sqlite3, sys, json',
    'db = sqlite3.connect(sys.argv[1])',
    'v = int(sys.argv[2])',
    'q = lambda sql, *a: db.execute(sql, a).fetchone()[0]',
    'o = q("select order_id from visits where id = ?", v)',
    'print(json.dumps({',
    '  "commands": q("select count(*) from field_commands where visit_id = ?", v),',
    '  "distinct": q("select count(distinct client_id) from field_commands where visit_id = ?", v),',
    '  "photos": q("select count(*) from visit_photos where visit_id = ?", v),',
    '  "whole": q("select count(*) from visit_photos where visit_id = ? and completed_at is not null and received_bytes = size_bytes", v),',
    '  "completed": q("select count(*) from status_transitions where order_id = ? and to_status = \'completed\'", o),',
    '  "invoices": q("select count(*) from invoices where order_id = ?", o),',
    '}))',
  ].join('\n'), process.env.E2E_DB_FILE!, visitId]).toString());
  expect(rows).toEqual({ commands: 8, distinct: 8, photos: 3, whole: 3, completed: 1, invoices: 1 });
  await phone.screenshot({ path: 'test-results/field-synced.png', fullPage: true });
  // The technician's hours of the day: the visit, and the break taken.
  await phone.goto(`/monteur/uren?datum=${day}`);
  await hydrated(phone);
  const sheet = phone.getByTestId('timesheet');
  await expect(sheet).toContainText(order);
  await expect(sheet.getByTestId('hours-worked')).toHaveText(/^\d+:\d\d$/);
  await phone.screenshot({ path: 'test-results/field-hours.png', fullPage: true });
  await ctx.close();

  // Ops see the order completed and invoiced.
  const opsCtx = await browser.newContext();
  const ops = await opsCtx.newPage();
  await signIn(ops, 'ops@chargecars.nl');
  await ops.goto(`/ops/orders/${order}`);
  await hydrated(ops);
  await expect(ops.getByTestId('order-status')).toHaveText('Afgerond');
  const invoices = ops.locator('section[aria-labelledby="h-invoices"]');
  await expect(invoices.locator('tbody tr').first()).toContainText(/-F\d{4}-\d{5}/);
  // With what the technicians recorded: commissioning, materials, photos.
  const report = ops.getByTestId('field-report');
  await expect(report.getByTestId('field-cp')).toContainText('CC-ZAP-000777');
  // Arrived some 20 m from the address, by the phone's position.
  await expect(report.getByTestId('field-arrived')).toContainText(/· (1\d|2\d) m van het adres/);
  await expect(report.getByTestId('field-serials')).toContainText('ZAP-E2E-1');
  await expect(report.getByTestId('field-materials')).toContainText('12 × Kabel 5x6 mm²');
  await expect(report.getByTestId('field-materials')).toContainText(fromOrder);
  // And the customer's signature, drawn as it was signed.
  const signature = report.getByTestId('field-signature');
  await expect(signature).toContainText('Koen Demir');
  expect(await signature.locator('path').getAttribute('d')).toMatch(/^M\s*\d/);
  await report.screenshot({ path: 'test-results/field-report.png' });
  const photos = report.locator('[data-testid="field-photos"] img');
  await expect(photos).toHaveCount(3);
  await photos.first().scrollIntoViewIfNeeded();
  const shown = await photos.first().evaluate(async (img: HTMLImageElement) => {
    await img.decode().catch(() => {});
    return img.naturalWidth;
  });
  expect(shown).toBeGreaterThan(0);
  await ops.screenshot({ path: 'test-results/field-order-completed.png', fullPage: true });
  // Ops see the technician's hours for the day.
  await ops.goto(`/ops/uren?datum=${day}`);
  await hydrated(ops);
  await expect(ops.getByTestId('hours-table').locator('tr[data-technician="Daan Mulder"]')).toBeVisible();
  await ops.screenshot({ path: 'test-results/field-ops-hours.png', fullPage: true });
  await opsCtx.close();
});

// Background Sync: steps recorded offline are sent by the service worker
// when the connection returns, with no app page open; the app, opened
// later, finds them sent.
test('the service worker sends what waits when the app is closed (Background Sync)', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const day = isoDate(44);
  const order = await publishedRoute(page, day);
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await ctx.newPage();
  await signIn(phone, 'monteur@chargecars.nl');
  // The technician looks at the day before, online: the app keeps that day
  // and the next on the phone, with every visit page of them.
  await phone.goto(`/monteur?datum=${isoDate(43)}`);
  await hydrated(phone);
  await phone.evaluate(async () => { await navigator.serviceWorker.ready; });
  const keptPages = async () => phone.evaluate(async (d) => {
    const cache = await caches.open('field-pages-v1');
    return (await cache.keys()).map((r) => new URL(r.url)).filter((u) => u.searchParams.get('datum') === d).map((u) => u.pathname);
  }, day);
  await expect.poll(async () => (await keptPages()).filter((p) => p.startsWith('/monteur/bezoek/')).length, { timeout: 20_000 }).toBeGreaterThan(0);
  expect(await keptPages()).toContain('/monteur');
  // And the app itself (its code and styles), from this first visit on.
  await expect.poll(() => phone.evaluate(async () => {
    const cache = await caches.open('field-assets-v1');
    const kept = (await cache.keys()).map((r) => new URL(r.url).pathname);
    return ['chargecars.wasm', 'chargecars.js', 'field_queue.js', '.css'].filter((f) => kept.some((p) => p.endsWith(f)));
  }), { timeout: 60_000 }).toHaveLength(4);

  // Next morning, no connection: the visit opens from the phone, never
  // having been opened before.
  await ctx.setOffline(true);
  await phone.goto(`/monteur?datum=${day}`);
  const open = phone.locator(`li[data-stop="${order}"]`).getByRole('link', { name: 'Bezoek openen' });
  const visitId = (await open.getAttribute('href'))!.match(/bezoek\/(\d+)/)![1];
  await open.click();
  await expect(phone.getByTestId('field-visit')).toBeVisible();
  await expect(phone.getByTestId('field-visit')).toContainText(order);
  await phone.locator('[data-step="on_the_way"]').click();
  await phone.locator('[data-step="arrived"]').click();
  await expect(phone.getByTestId('waiting-count')).toHaveText('2');
  const tags = await phone.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return (reg as any).sync.getTags();
  });
  expect(tags).toContain('field-outbox');

  // The technician closes the app; then the connection comes back, and
  // the browser fires the sync: the service worker sends the steps.
  await phone.close();
  expect(ctx.pages()).toHaveLength(0);
  const count = () => Number(execFileSync('python3', ['-c', [
    'import sqlite3, sys',
    'db = sqlite3.connect(sys.argv[1])',
    'print(db.execute("select count(*) from field_commands where visit_id = ?", (int(sys.argv[2]),)).fetchone()[0])',
  ].join('\n'), process.env.E2E_DB_FILE!, visitId]).toString());
  expect(count()).toBe(0);
  await ctx.setOffline(false);
  await expect.poll(count, { timeout: 30_000 }).toBe(2);
  // No page was open: the worker sent them, and noted the answers where
  // the app reads them.
  const [worker] = ctx.serviceWorkers();
  const states = await worker.evaluate(async () => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const r = indexedDB.open('chargecars-field');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all: any[] = await new Promise((resolve) => {
      const r = db.transaction('outbox').objectStore('outbox').getAll();
      r.onsuccess = () => resolve(r.result);
    });
    return all.map((e) => e.state);
  });
  expect(states).toEqual(['applied', 'applied']);

  // The app, opened again, finds both steps sent and sends nothing twice.
  const again = await ctx.newPage();
  await again.goto(`/monteur/bezoek/${visitId}?datum=${day}`);
  await expect(again.getByTestId('field-visit')).toBeVisible();
  await expect(again.getByTestId('sync-status')).toContainText('Alles is verzonden');
  await expect(again.locator('[data-step-card="arrived"]')).toHaveAttribute('data-done', 'true');
  expect(count()).toBe(2);

  // Signing out forgets the pages and schedules kept for offline use (the
  // next person on this phone sees none of them); the outbox stays.
  await hydrated(again);
  expect(await again.evaluate(() => caches.has('field-pages-v1'))).toBe(true);
  await again.getByRole('button', { name: 'Uitloggen' }).click();
  await expect(again.getByRole('link', { name: 'Inloggen' }).first()).toBeVisible();
  const kept = await again.evaluate(async () => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const r = indexedDB.open('chargecars-field');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const n = (store: string) => new Promise<number>((resolve) => {
      const r = db.transaction(store).objectStore(store).count();
      r.onsuccess = () => resolve(r.result);
    });
    return { pages: await caches.has('field-pages-v1'), schedules: await n('cache'), outbox: await n('outbox') };
  });
  expect(kept).toEqual({ pages: false, schedules: 0, outbox: 2 });
  await ctx.close();
});
