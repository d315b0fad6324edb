import { Browser, Cookie, Page, expect } from '@playwright/test';
import { createHmac } from 'crypto';
import { execFileSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';

export const DEMO_PASSWORD = 'ChargeCars!2026';
/** The server's session cookie (HttpOnly, SameSite=Lax). */
export const SESSION_COOKIE = 'cc_session';
/** The authenticator secret of the enrolled demo staff (README). */
export const DEMO_TOTP_SECRET = 'CHARGECARSDEMOTOTPNIJKERKTWEEZES';

/** Waits until the WASM bundle has hydrated the page (App sets the marker). */
export async function hydrated(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true', { timeout: 20_000 });
}

function base32Decode(secret: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/[\s=-]/g, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${c}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** RFC 6238 code (HMAC-SHA1, 6 digits) for a 30-second step. */
export function totp(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const value = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}

// The server takes a code from one step either side of now, each step once.
// The steps used, per account, are kept in a file next to the run's
// database, so that a worker Playwright restarts after a failed test does
// not replay a code (a refused code counts as a failed sign-in, and enough
// of them lock the account for the rest of the run).
const stepsFile = () => `${process.env.E2E_DB_FILE}.totp-steps.json`;

function usedSteps(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(stepsFile(), 'utf8'));
  } catch {
    return {};
  }
}

/** A code for `email` that this run has not used yet; waits if needed. */
export async function nextCode(email: string, secret: string): Promise<string> {
  for (;;) {
    const now = Math.floor(Date.now() / 1000 / 30);
    const used = usedSteps();
    const step = Math.max(now - 1, (used[email] ?? -Infinity) + 1);
    if (step <= now + 1) {
      writeFileSync(stepsFile(), JSON.stringify({ ...used, [email]: step }));
      return totp(secret, step);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Enters a code on /mfa (as a person would, from the app). */
export async function enterCode(page: Page, email: string, secret = DEMO_TOTP_SECRET) {
  await hydrated(page);
  await page.getByLabel('Code', { exact: true }).fill(await nextCode(email, secret));
  await page.getByRole('button', { name: 'Bevestigen' }).click();
}

/** Signs in through the login form, as a person would; staff also enter a
 *  code from their authenticator app. */
export async function signInWithForm(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  const moved = await page
    .waitForURL((u) => u.pathname !== '/login', { timeout: 5_000 })
    .then(() => true)
    .catch(() => false);
  // A code this worker used before a restart is refused as a replay; the
  // next one is not.
  for (let attempt = 0; moved && attempt < 4 && new URL(page.url()).pathname === '/mfa'; attempt++) {
    await enterCode(page, email);
    await page.waitForURL((u) => u.pathname !== '/mfa', { timeout: 5_000 }).catch(() => {});
  }
}

// Sessions this run has signed in, per account: the session cookie and the
// page the sign-in landed on. Each authenticator code is single use, so a
// second staff sign-in within 30 seconds has to wait for the next code; a
// test that is not about signing in takes the account's session instead, as
// a person who stays signed in would. Kept in a file next to the run's
// database, like the used codes, so a restarted worker finds them too.
type SavedSession = { cookie: Cookie; home: string };
const sessionsFile = () => `${process.env.E2E_DB_FILE}.sessions.json`;

function savedSessions(): Record<string, SavedSession> {
  try {
    return JSON.parse(readFileSync(sessionsFile(), 'utf8'));
  } catch {
    return {};
  }
}

/** Signs `page` in as `email`: with the session this run already holds for
 *  the account, while the server still accepts it (a test may have signed it
 *  out), or else through the login form (`signInWithForm`). Lands on the
 *  account's home page either way. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  const context = page.context();
  // Only demo accounts signing in with the demo password take a kept
  // session: a test that signs in with another password checks that password.
  const reuse = password === DEMO_PASSWORD;
  const saved = reuse ? savedSessions()[email] : undefined;
  if (saved) {
    await context.clearCookies({ name: SESSION_COOKIE });
    await context.addCookies([saved.cookie]);
    await page.goto(saved.home);
    if (new URL(page.url()).pathname === saved.home) return;
    await context.clearCookies({ name: SESSION_COOKIE });
  }
  await signInWithForm(page, email, password);
  const home = new URL(page.url()).pathname;
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  if (reuse && cookie && home !== '/login' && !home.startsWith('/mfa')) {
    writeFileSync(sessionsFile(), JSON.stringify({ ...savedSessions(), [email]: { cookie, home } }));
  }
}

export type Mail = { to: string; from: string; replyTo: string; subject: string; text: string; html: string };

/**
 * The newest mail whose recipient, subject and text mention `about` (and
 * `marker`, if given), as it arrived at the local SMTP server (aiosmtpd,
 * started by playwright.config.ts) that the app delivers to: headers, the
 * text part and the HTML part, parsed with Python's e-mail library, so
 * encodings and line wraps are undone. Waits up to 20 s for it.
 */
export async function newestMail(about: string, marker = ''): Promise<Mail> {
  const script = [
    'import json, mailbox, os, sys',
    'from email import policy',
    'box, about, marker = sys.argv[1:4]',
    'best = (0, None)',
    "for sub in ('new', 'cur'):",
    '    d = os.path.join(box, sub)',
    '    for name in (os.listdir(d) if os.path.isdir(d) else []):',
    '        path = os.path.join(d, name)',
    "        with open(path, 'rb') as f:",
    '            msg = mailbox.email.message_from_binary_file(f, policy=policy.default)',
    "        plain = msg.get_body(preferencelist=('plain',))",
    "        html = msg.get_body(preferencelist=('html',))",
    "        mail = {'to': str(msg['To']), 'from': str(msg['From']), 'replyTo': str(msg['Reply-To'] or ''),",
    "                'subject': str(msg['Subject']), 'text': plain.get_content() if plain else '',",
    "                'html': html.get_content() if html else ''}",
    "        text = ' '.join([mail['to'], mail['subject'], mail['text']])",
    '        if about in text and marker in text and os.path.getmtime(path) >= best[0]:',
    '            best = (os.path.getmtime(path), mail)',
    'print(json.dumps(best[1]))',
  ].join('\n');
  let mail: Mail | null = null;
  await expect
    .poll(
      () => {
        mail = JSON.parse(execFileSync('python3', ['-c', script, process.env.E2E_MAILDIR!, about, marker]).toString());
        return mail !== null;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return mail!;
}

/** The newest link holding `marker` in a mail that mentions `about` (see `newestMail`). */
export async function newestLink(about: string, marker: string): Promise<string> {
  const mail = await newestMail(about, marker);
  const link = mail.text.split(/\s+/).find((w) => w.includes(marker));
  expect(link, mail.text).toBeTruthy();
  return link!;
}

