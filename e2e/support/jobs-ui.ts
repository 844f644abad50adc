/**
 * Function forms of the jobs-panel and volumes page objects (../pages/), kept for specs that
 * predate them. New specs use the `jobsPanel` / `volumesPage` fixtures of ./fixtures.ts.
 */
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import type { Job } from '@poolwatch/shared';
import { JobsPanel, type JobWanted, type ShownProgress } from '../pages/jobs-panel.js';
import { VolumesPage, type VolumeAction } from '../pages/volumes-page.js';
import { findJob } from './jobs-api.js';

export {
  intermediateValues,
  processedOf,
  type JobWanted,
  type ShownProgress,
} from '../pages/jobs-panel.js';

export const jobRow = (page: Page, id: string): Locator => new JobsPanel(page).row(id);

/** Opens a volume row's actions menu and picks one item. */
export const volumeAction = (page: Page, volume: string, action: string) =>
  new VolumesPage(page).action(volume, action as VolumeAction);

export const recordJobRows = (page: Page): Promise<void> => new JobsPanel(page).record();

export const shownFor = (page: Page, id: string): Promise<ShownProgress[]> =>
  new JobsPanel(page).shown(id);

/** Waits for the job the UI just started to show `state` in the jobs panel. */
export async function expectJobEnds(
  page: Page,
  request: APIRequestContext,
  what: JobWanted,
  state: Job['state'] = 'succeeded',
  timeout = 30_000,
): Promise<Job> {
  const job = await findJob(request, what.kind, what.pool, what.volume, what.since);
  await new JobsPanel(page).expectState(job.id, state, timeout);
  return job;
}
