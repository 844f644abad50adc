/**
 * Finding rows by exact, arbitrary names (quotes, newlines, "$(...)") without building a
 * fragile selector by hand: values go through a spec-conformant CSS.escape.
 */
import type { Locator, Page } from '@playwright/test';

/** CSSOM CSS.escape (https://drafts.csswg.org/cssom/#serialize-an-identifier). */
export function cssEscape(value: string): string {
  let out = '';
  const first = value.charCodeAt(0);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0) out += '\uFFFD';
    else if (
      (c >= 0x01 && c <= 0x1f) ||
      c === 0x7f ||
      (i === 0 && c >= 0x30 && c <= 0x39) ||
      (i === 1 && c >= 0x30 && c <= 0x39 && first === 0x2d)
    )
      out += `\\${c.toString(16)} `;
    else if (i === 0 && value.length === 1 && c === 0x2d) out += `\\${value.charAt(i)}`;
    else if (
      c >= 0x80 ||
      c === 0x2d ||
      c === 0x5f ||
      (c >= 0x30 && c <= 0x39) ||
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a)
    )
      out += value.charAt(i);
    else out += `\\${value.charAt(i)}`;
  }
  return out;
}

const byAttr = (page: Page, testId: string, attr: string, value: string) =>
  page.locator(`[data-testid="${testId}"][${attr}="${cssEscape(value)}"]`);

export const hostRow = (page: Page, hostId: string) =>
  byAttr(page, 'host-row', 'data-host-id', hostId);
export const poolRow = (page: Page, pool: string) =>
  byAttr(page, 'pool-row', 'data-pool-name', pool);
export const volumeRow = (page: Page, volume: string) =>
  byAttr(page, 'volume-row', 'data-volume-name', volume);

/** Exact attribute values of all rendered rows with this test id, sorted. */
export async function attrValues(page: Page, testId: string, attr: string): Promise<string[]> {
  const values = await page
    .locator(`[data-testid="${testId}"]`)
    .evaluateAll((els, a) => els.map((el) => el.getAttribute(a) ?? '<missing>'), attr);
  return values.sort();
}

/** data-bytes of a test id inside a row, as a number (NaN when missing or not an integer). */
export async function bytesOf(row: Locator, testId: string): Promise<number> {
  const raw = await row.locator(`[data-testid="${testId}"]`).getAttribute('data-bytes');
  return raw !== null && /^\d+$/.test(raw) ? Number(raw) : NaN;
}

export const uiPaths = {
  host: (hostId: string) => `/hosts/${encodeURIComponent(hostId)}`,
  pool: (hostId: string, pool: string) =>
    `/hosts/${encodeURIComponent(hostId)}/pools/${encodeURIComponent(pool)}`,
  volume: (hostId: string, pool: string, volume: string) =>
    `${uiPaths.pool(hostId, pool)}/volumes/${encodeURIComponent(volume)}`,
};

/** Leaves a marker in the page: if it is gone later, the page was reloaded. */
export async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __pwMarker?: number }).__pwMarker = 1));
}
export async function pageWasKept(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __pwMarker?: number }).__pwMarker === 1);
}
