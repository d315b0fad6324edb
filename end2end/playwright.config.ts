import { defineConfig } from '@playwright/test';
import * as path from 'path';
import * as os from 'os';

// The server binary and site are built by `cargo leptos build` (see .ci/test).
const root = path.resolve(__dirname, '..');
const port = Number(process.env.E2E_PORT ?? 3100);
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
// The runner picks the file; its workers inherit the name (helpers read mail from it).
process.env.E2E_DB_FILE ??= path.join(os.tmpdir(), `chargecars-e2e-${process.pid}.db`);
const dbFile = process.env.E2E_DB_FILE;
// The local SMTP server the app delivers to; helpers read the mail from its Maildir.
process.env.E2E_MAILDIR ??= path.join(os.tmpdir(), `chargecars-e2e-mail-${process.pid}`);
const maildir = process.env.E2E_MAILDIR;
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? port + 25);
// The fake SMS and WhatsApp providers (fake-providers.mjs); helpers read what they got.
const providerPort = Number(process.env.E2E_PROVIDER_PORT ?? port + 26);
process.env.E2E_PROVIDER_URL ??= `http://127.0.0.1:${providerPort}`;
// The outbox worker's clock (DELIVERY_CLOCK_FILE): helpers write a time into it.
process.env.E2E_CLOCK_FILE ??= path.join(os.tmpdir(), `chargecars-e2e-clock-${process.pid}`);
const clockFile = process.env.E2E_CLOCK_FILE;

export default defineConfig({
  testDir: './tests',
  // Sign-ins may wait for the next authenticator step (codes are single use).
  timeout: 75_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  projects: [
    // Tests tagged @phone also run on a phone; @phone-only run there alone.
    { name: 'desktop', use: { viewport: { width: 1440, height: 900 } }, grepInvert: /@phone-only/ },
    {
      name: 'phone',
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
      grep: /@phone/,
    },
  ],
  webServer: [
  {
    // aiosmtpd (installed by .ci/lib.sh): a real SMTP server that stores
    // every accepted message in a Maildir.
    command: `rm -rf ${maildir} && python3 -m aiosmtpd -n -l 127.0.0.1:${smtpPort} -c aiosmtpd.handlers.Mailbox ${maildir}`,
    port: smtpPort,
    timeout: 30_000,
    reuseExistingServer: false,
  },
  {
    command: `node fake-providers.mjs ${providerPort}`,
    port: providerPort,
    timeout: 30_000,
    reuseExistingServer: false,
  },
  {
    // E2E_PROFILE=release runs the suite against `cargo leptos build --release`.
    command: `rm -f ${dbFile}* ${clockFile} && ${path.join(targetDir, process.env.E2E_PROFILE ?? 'debug', 'server')}`,
    cwd: root,
    url: `http://127.0.0.1:${port}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      // cargo-leptos writes the site under the workspace, whatever the target dir.
      LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
      LEPTOS_OUTPUT_NAME: 'chargecars',
      // Demo data only loads when asked for.
      SEED_DEMO_DATA: 'true',
      DATABASE_URL: `sqlite://${dbFile}?mode=rwc`,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      DELIVERY_POLL_SECS: '1',
      // The tests sign the provider webhooks they post with these.
      WHATSAPP_WEBHOOK_SECRET: 'e2e-whatsapp-secret',
      EMAIL_WEBHOOK_SECRET: 'e2e-email-secret',
      SMS_WEBHOOK_SECRET: 'e2e-sms-secret',
      // Texts leave through the fake providers, on the worker's test clock.
      SMS_API_KEY: 'e2e-sms-key',
      SMS_API_URL: process.env.E2E_PROVIDER_URL!,
      WHATSAPP_TOKEN: 'e2e-whatsapp-token',
      WHATSAPP_PHONE_NUMBER_ID: '31850000000',
      WHATSAPP_API_URL: process.env.E2E_PROVIDER_URL!,
      DELIVERY_CLOCK_FILE: clockFile,
      // Partner webhooks may go to the fake receiver on this machine.
      WEBHOOK_ALLOW_LOCAL: 'true',
      WEBHOOK_POLL_SECS: '1',
      RUST_LOG: 'warn',
    },
  },
  ],
});
