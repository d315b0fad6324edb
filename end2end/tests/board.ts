import { Page, Locator, expect } from '@playwright/test';

/** The route-planning board's team lanes (timelines). */
export const lanes = (page: Page) => page.locator('.tl-lane');

/** Someone free that day, in the people column. */
export const freePerson = (page: Page) =>
  page.locator('.plan-person[data-absent="false"][data-busy="false"]').first();

/** Puts a person into a team the keyboard way: "+" and the dialog. */
export async function addToTeam(page: Page, person: Locator, team: string) {
  await person.getByRole('button', { name: /^Toevoegen aan / }).click();
  await page.getByRole('dialog').getByRole('button', { name: new RegExp(`^${team} \\(`) }).click();
}

/**
 * Moves a visit with the move dialog opened from `opener` (a bar on a
 * lane, or the "Inplannen" button of an unplanned card).
 */
export async function moveByDialog(
  page: Page,
  opener: Locator,
  to: { team?: string; position?: number; reason?: string },
) {
  await opener.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  if (to.team) await dialog.getByRole('radio', { name: new RegExp(`^${to.team}\\b`) }).check();
  if (to.position) await dialog.getByLabel('Positie').fill(String(to.position));
  if (to.reason) await dialog.getByLabel('Reden').fill(to.reason);
  await dialog.getByRole('button', { name: 'Verplaatsen' }).click();
  await expect(dialog).toBeHidden();
}
