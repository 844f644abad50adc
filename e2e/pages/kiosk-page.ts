/**
 * The kiosk wall view, opened in a browser context of its own with no admin cookie (what a
 * wall screen has) at a 1920x1080 viewport.
 */
import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { cssEscape } from '../support/ui.js';

export class KioskPage {
  constructor(readonly page: Page) {}

  /** Opens the kiosk URL (with its token) and checks the token left the address bar. */
  static async open(browser: Browser, url: string): Promise<KioskPage> {
    const context = await browser.newContext({
      storageState: { cookies: [], origins: [] },
      viewport: { width: 1920, height: 1080 },
    });
    const kiosk = new KioskPage(await context.newPage());
    await kiosk.page.goto(url);
    await expect(kiosk.root).toBeVisible({ timeout: 15_000 });
    // The server traded the token and redirected: it is no longer in the address bar.
    expect(kiosk.page.url()).not.toContain('token=');
    return kiosk;
  }

  get root(): Locator {
    return this.page.getByTestId('kiosk');
  }

  host(hostId?: string): Locator {
    return hostId === undefined
      ? this.page.getByTestId('kiosk-host')
      : this.page.locator(`[data-testid="kiosk-host"][data-host-id="${cssEscape(hostId)}"]`);
  }

  pools(): Locator {
    return this.page.getByTestId('kiosk-pool');
  }

  job(id: string): Locator {
    return this.page.locator(`[data-testid="kiosk-job"][data-job-id="${cssEscape(id)}"]`);
  }

  jobProgress(id: string): Locator {
    return this.job(id).getByRole('progressbar');
  }

  /** "Signed out" (role alert) after the token was revoked. */
  get signedOut(): Locator {
    return this.page.getByRole('alert').and(this.page.getByTestId('kiosk-signed-out'));
  }

  /** The stale badge (role status) while the server is gone. */
  get stale(): Locator {
    return this.page.getByRole('status').and(this.page.getByTestId('kiosk-stale'));
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }
}
