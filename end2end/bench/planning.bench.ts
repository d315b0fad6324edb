import { test, expect, Page } from '@playwright/test';
import { hydrated, signIn } from '../tests/helpers';

// Board load (server-side render, then interactive) and move latency on the
// days `server bench-planning DIR` prepared. Prints medians; asserts only
// that the board it measures is the full one.
const dates = (process.env.BENCH_DATES ?? '').split(',').filter(Boolean);
const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function day(page: Page, date: string) {
  const r = await page.request.post('/api/planning/day', { data: { date } });
  expect(r.ok()).toBeTruthy();
  return r.json();
}

test('route-planning board: SSR, interactive, and a move seen on another board', async ({ browser }) => {
  expect(dates.length, 'BENCH_DATES from server bench-planning').toBeGreaterThan(0);
  const a = await browser.newPage();
  const b = await browser.newPage();
  await signIn(a, 'planner@chargecars.nl');
  await signIn(b, 'ops@chargecars.nl');
  const build = process.env.E2E_PROFILE ?? 'debug';
  console.log(`route-planning board in Chromium (${build} build, SQLite, medians of ${RUNS}):`);
  for (const date of dates) {
    const url = `/ops/planning?datum=${date}`;
    const ssr: number[] = [];
    const interactive: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = Date.now();
      const res = await a.goto(url, { waitUntil: 'commit' });
      await res?.finished();
      const served = Date.now() - t0;
      await hydrated(a);
      const ready = Date.now() - t0;
      ssr.push(served);
      interactive.push(ready);
    }
    const d = await day(a, date);
    const stops = d.teams.reduce((n: number, t: any) => n + t.stops.length, 0);
    expect(stops).toBeGreaterThan(0);
    // A move by one planner (API round trip), seen on another's open board.
    await b.goto(url);
    await hydrated(b);
    const own: number[] = [];
    const seen: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const now = await day(a, date);
      const [from, to] = i % 2 === 0 ? [now.teams[0], now.teams[1]] : [now.teams[1], now.teams[0]];
      const v = from.stops[0].visit;
      const selector = `[data-lane="${to.id}"] [data-visit="${v.id}"]`;
      await expect(b.locator(selector)).toHaveCount(0);
      // Checked on every animation frame in the other page, not by polling.
      const arrived = b.waitForFunction((sel) => !!document.querySelector(sel), selector, {
        polling: 'raf',
        timeout: 5_000,
      });
      const t0 = Date.now();
      const r = await a.request.post('/api/planning/assign', {
        data: { visit_id: v.id, version: v.version, team_id: to.id, position: 1, reason: null },
      });
      own.push(Date.now() - t0);
      expect(r.ok(), await r.text()).toBeTruthy();
      await arrived;
      seen.push(Date.now() - t0);
    }
    console.log(
      `  ${date}: ${d.teams.length} teams, ${stops} planned · SSR ${median(ssr)} ms · interactive ${median(interactive)} ms · ` +
        `move ${median(own)} ms (API) · on another open board ${median(seen)} ms`,
    );
  }
});
