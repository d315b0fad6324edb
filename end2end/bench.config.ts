import { defineConfig } from '@playwright/test';
import * as path from 'path';

// The browser half of the planning benchmark (`.ci/bench`): the server runs
// on the database `server bench-planning DIR` prepared (BENCH_DB), and
// bench/planning.bench.ts prints figures. Not part of the test suite.
const root = path.resolve(__dirname, '..');
const port = Number(process.env.E2E_PORT ?? 3200);
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
// The sign-in helpers keep used authenticator steps and sessions next to it.
process.env.E2E_DB_FILE ??= process.env.BENCH_DB;

export default defineConfig({
  testDir: './bench',
  testMatch: /.*\.bench\.ts/,
  timeout: 300_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    },
  },
  webServer: {
    command: path.join(targetDir, process.env.E2E_PROFILE ?? 'debug', 'server'),
    cwd: root,
    url: `http://127.0.0.1:${port}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
      LEPTOS_OUTPUT_NAME: 'chargecars',
      // Demo data only loads when asked for.
      SEED_DEMO_DATA: 'true',
      DATABASE_URL: `sqlite://${process.env.BENCH_DB}?mode=rwc`,
      SLA_SWEEP_SECS: '0',
      RUST_LOG: 'warn',
    },
  },
});
