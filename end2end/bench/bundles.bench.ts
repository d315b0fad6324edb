import { test, expect, Browser } from '@playwright/test';
import { gzipSync, brotliCompressSync, constants } from 'zlib';
import { hydrated, signIn, SESSION_COOKIE } from '../tests/helpers';

// What a browser downloads for each portal's first page (issue 21): the
// WASM and JavaScript responses of a fresh browser (empty cache) opening
// the page, until the network is quiet (so lazily loaded page code and, for
// the technician, the offline copies of the app's other pages count too).
// Sizes are gzip -9 of each response body, as a compressing server sends
// it; brotli beside it. Prints the figures and the budget of the issue.
const portals: { name: string; email: string | null; path: string; budget: number }[] = [
  { name: 'sign-in (public)', email: null, path: '/login', budget: 300 },
  { name: 'customer', email: 'klant@example.nl', path: '/klant', budget: 300 },
  { name: 'technician', email: 'monteur@chargecars.nl', path: '/monteur', budget: 300 },
  { name: 'partner', email: 'partner@groendus.nl', path: '/partner', budget: 400 },
  { name: 'ops', email: 'planner@chargecars.nl', path: '/ops', budget: 700 },
  { name: 'admin', email: 'admin@chargecars.nl', path: '/admin', budget: 700 },
];

async function firstPage(browser: Browser, email: string | null, path: string) {
  let cookie = null;
  if (email) {
    const signing = await browser.newPage();
    await signIn(signing, email);
    cookie = (await signing.context().cookies()).find((c) => c.name === SESSION_COOKIE);
    await signing.context().close();
  }
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  if (cookie) await context.addCookies([cookie]);
  const page = await context.newPage();
  const files: { url: string; raw: number; gz: number; br: number }[] = [];
  const pending: Promise<void>[] = [];
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (!url.pathname.startsWith('/pkg/') || !/\.(wasm|js)$/.test(url.pathname)) return;
    pending.push(
      res.body().then((body) => {
        files.push({
          url: url.pathname,
          raw: body.length,
          gz: gzipSync(body, { level: 9 }).length,
          br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
        });
      }),
    );
  });
  await page.goto(path);
  await hydrated(page);
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  expect(new URL(page.url()).pathname).toBe(path);
  await context.close();
  return files;
}

test('initial download per portal (WASM + JS)', async ({ browser }) => {
  const build = process.env.E2E_PROFILE ?? 'debug';
  console.log(`initial download per portal's first page (${build} build; gzip -9, brotli 11):`);
  const kb = (n: number) => (n / 1024).toFixed(1).padStart(7);
  for (const p of portals) {
    const files = await firstPage(browser, p.email, p.path);
    expect(files.length).toBeGreaterThan(0);
    const sum = (f: (x: (typeof files)[0]) => number) => files.reduce((n, x) => n + f(x), 0);
    const gz = sum((x) => x.gz);
    const within = gz <= p.budget * 1024 ? 'within' : 'OVER';
    console.log(
      `  ${p.name.padEnd(18)} ${p.path.padEnd(9)} ${String(files.length).padStart(3)} files · ` +
        `${kb(sum((x) => x.raw))} KB raw · ${kb(gz)} KB gzip · ${kb(sum((x) => x.br))} KB brotli · ` +
        `budget ${p.budget} KB: ${within}`,
    );
    if (process.env.BENCH_VERBOSE) {
      for (const f of files.sort((a, b) => b.gz - a.gz)) console.log(`      ${kb(f.gz)} KB  ${f.url}`);
    }
  }
});
