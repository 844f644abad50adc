/**
 * Scrolls a pool's volumes table in Debian's Chromium (the e2e browser) and returns the
 * frame times: requestAnimationFrame deltas while the grid scrolls 200 px per frame.
 */
import { chromium } from 'playwright-core';

/**
 * Runs in the page. A string, not a function: tsx (esbuild keepNames) would wrap a function
 * in a helper that does not exist inside the browser.
 */
const SCROLL = `new Promise((resolve) => {
  const grid = document.querySelector('.vgrid__scroll');
  const deltas = [];
  let last = performance.now();
  const step = (t) => {
    deltas.push(t - last);
    last = t;
    grid.scrollTop += 200;
    const end = grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1;
    if (end || deltas.length >= 900) resolve(deltas.slice(1));
    else requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})`;

export async function scrollFrameTimes(
  baseUrl: string,
  uiPath: string,
  cookie: string,
  expectedCount: string,
): Promise<number[]> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const [name, ...rest] = cookie.split('=');
    await context.addCookies([{ name: name!, value: rest.join('='), url: baseUrl }]);
    const page = await context.newPage();
    await page.goto(baseUrl + uiPath);
    await page.getByTestId('volume-count').filter({ hasText: expectedCount }).waitFor();
    await page.getByTestId('volume-sizes-progress').waitFor({ state: 'detached' });
    return (await page.evaluate(SCROLL)) as number[];
  } finally {
    await browser.close();
  }
}
