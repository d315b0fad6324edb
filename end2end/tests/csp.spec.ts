import { test, expect, Page } from './fixtures';
import { hydrated, signIn } from './helpers';

/**
 * Every portal's main page runs under the page's Content-Security-Policy
 * (scripts only from this site or with the answer's nonce): it hydrates,
 * and the browser reports no violation.
 */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return seen;
}

const portals: [string | null, string][] = [
  [null, '/'],
  ['ops@chargecars.nl', '/ops'],
  ['planner@chargecars.nl', '/ops/planning'],
  ['ops@chargecars.nl', '/ops/pipeline'],
  ['partner@groendus.nl', '/partner'],
  ['klant@example.nl', '/klant'],
  ['monteur@chargecars.nl', '/monteur'],
  ['admin@chargecars.nl', '/admin'],
];

for (const [who, path] of portals) {
  test(`no CSP violation on ${path}${who ? ` as ${who}` : ''}`, async ({ page }) => {
    const violations = await watchViolations(page);
    if (who) await signIn(page, who);
    const answer = await page.goto(path);
    const csp = answer!.headers()['content-security-policy'];
    // Which answer this was, should the policy be the wrong one (seen once
    // on /monteur, whose service worker fetches the page itself).
    const seen = `${answer!.status()} ${answer!.url()} sw=${answer!.fromServiceWorker()} csp=${csp}`;
    expect(answer!.status(), seen).toBe(200);
    expect(csp, seen).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]{16,}'/);
    await hydrated(page);
    await expect(page.getByRole('main')).toBeVisible();
    // Give late scripts (streamed resources, live updates) a moment.
    await page.waitForTimeout(500);
    expect(violations).toEqual([]);
  });
}
