/**
 * The e2e `test`: Playwright's, extended with page objects for the admin's page (volumes,
 * jobs panel) and an `openKiosk` that opens wall screens and closes them after the test.
 * Specs import { test, expect } from here.
 */
import { test as base } from '@playwright/test';
import { JobsPanel } from '../pages/jobs-panel.js';
import { KioskPage } from '../pages/kiosk-page.js';
import { VolumesPage } from '../pages/volumes-page.js';

export interface PoolwatchFixtures {
  volumesPage: VolumesPage;
  jobsPanel: JobsPanel;
  /** Opens a kiosk URL in a fresh cookie-less context; every one is closed after the test. */
  openKiosk: (url: string) => Promise<KioskPage>;
}

export const test = base.extend<PoolwatchFixtures>({
  volumesPage: async ({ page }, use) => {
    await use(new VolumesPage(page));
  },
  jobsPanel: async ({ page }, use) => {
    await use(new JobsPanel(page));
  },
  openKiosk: async ({ browser }, use) => {
    const opened: KioskPage[] = [];
    await use(async (url) => {
      const kiosk = await KioskPage.open(browser, url);
      opened.push(kiosk);
      return kiosk;
    });
    for (const kiosk of opened) await kiosk.close().catch(() => undefined);
  },
});

export { expect } from '@playwright/test';
