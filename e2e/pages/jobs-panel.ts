/**
 * The jobs panel (the "Storage jobs" landmark on every admin page): one row per job, its
 * state, its progress bar and its Cancel button, plus a recorder of every change of every row.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { Job, JobKind } from '@poolwatch/shared';
import { cssEscape } from '../support/ui.js';

export interface ShownProgress {
  id: string;
  /** performance.timeOrigin + performance.now() when the DOM changed. */
  t: number;
  state: string | null;
  processed: string | null;
  total: string | null;
  measuredAt: string | null;
  valueNow: string | null;
  valueText: string | null;
  /** GET /api/jobs/:id fetched at once, when the bar has no data-measured-at. */
  api?: { processed: number | null; measuredAt: number | null; t: number };
}

const num = (raw: string | null) => (raw && /^\d+$/.test(raw) ? Number(raw) : NaN);

export class JobsPanel {
  /** The "Storage jobs" landmark. */
  readonly root: Locator;
  /**
   * Rows are looked up by test id, not through the landmark's accessible name: tests poll
   * them every few ms while bytes move, and on a loaded machine each role lookup costs more.
   */
  private readonly panel: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole('complementary', { name: 'Storage jobs' });
    this.panel = page.getByTestId('jobs-panel');
  }

  /** A job's row, by its id (rows carry data-job-id: kinds and names repeat). */
  row(id: string): Locator {
    return this.panel.locator(`[data-testid="job-row"][data-job-id="${cssEscape(id)}"]`);
  }

  /**
   * The bar's data-processed and data-total read together, at once (NaN when there is no
   * bar): one snapshot, and no auto-wait for a bar that a finished job no longer has.
   */
  async figures(id: string): Promise<{ processed: number; total: number }> {
    const [bar] = await this.progressBar(id).evaluateAll((els) =>
      els.map((el) => ({ p: el.getAttribute('data-processed'), t: el.getAttribute('data-total') })),
    );
    return { processed: num(bar?.p ?? null), total: num(bar?.t ?? null) };
  }

  /** The row in the History section (jobs that ended). */
  historyRow(id: string): Locator {
    return this.panel
      .getByRole('region', { name: 'Job history' })
      .locator(`[data-testid="job-row"][data-job-id="${cssEscape(id)}"]`);
  }

  progressBar(id: string): Locator {
    return this.row(id).getByTestId('job-progress');
  }

  cancelButton(id: string): Locator {
    return this.row(id).getByRole('button', { name: 'Cancel' });
  }

  async cancel(id: string): Promise<void> {
    await this.cancelButton(id).click();
  }

  async expectState(id: string, state: Job['state'], timeout = 30_000): Promise<void> {
    await expect(this.row(id)).toHaveAttribute('data-job-state', state, { timeout });
  }

  /** data-processed of the row's bar (NaN when none). */
  async processed(id: string): Promise<number> {
    return processedOf(this.row(id));
  }

  /** data-total of the row's bar (NaN when none). */
  async total(id: string): Promise<number> {
    return (await this.figures(id)).total;
  }

  /**
   * Records every change of every job row (state and bar attributes), with the browser's
   * clock, from a MutationObserver: no polling gap can hide a value.
   */
  async record(): Promise<void> {
    await this.page.evaluate(() => {
      type Rec = ShownProgress;
      const w = window as unknown as { __pwJobs?: Rec[] };
      if (w.__pwJobs) return;
      const recs: Rec[] = [];
      w.__pwJobs = recs;
      const last = new Map<string, string>();
      const scan = () => {
        const t = performance.timeOrigin + performance.now();
        const panel = document.querySelector('[data-testid="jobs-panel"]');
        for (const row of panel?.querySelectorAll('[data-testid="job-row"]') ?? []) {
          const id = row.getAttribute('data-job-id') ?? '';
          const bar = row.querySelector('[data-testid="job-progress"]');
          const rec: Rec = {
            id,
            t,
            state: row.getAttribute('data-job-state'),
            processed: bar?.getAttribute('data-processed') ?? null,
            total: bar?.getAttribute('data-total') ?? null,
            measuredAt: bar?.getAttribute('data-measured-at') ?? null,
            valueNow: bar?.getAttribute('aria-valuenow') ?? null,
            valueText: bar?.getAttribute('aria-valuetext') ?? null,
          };
          const key = JSON.stringify({ ...rec, t: 0 });
          if (last.get(id) === key) continue;
          last.set(id, key);
          recs.push(rec);
          if (bar && !bar.hasAttribute('data-measured-at') && rec.processed) {
            void fetch(`/api/jobs/${encodeURIComponent(id)}`)
              .then((r) => r.json())
              .then(
                (job: {
                  progress: { dataProcessed: number | null; measuredAt: number | null };
                }) => {
                  rec.api = {
                    processed: job.progress.dataProcessed,
                    measuredAt: job.progress.measuredAt,
                    t: performance.timeOrigin + performance.now(),
                  };
                },
              );
          }
        }
      };
      new MutationObserver(scan).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: [
          'data-job-state',
          'data-processed',
          'data-total',
          'data-measured-at',
          'aria-valuenow',
          'aria-valuetext',
        ],
      });
      scan();
    });
  }

  /** What record() saw of this job. */
  async shown(id: string): Promise<ShownProgress[]> {
    const all = await this.page.evaluate(
      () => (window as unknown as { __pwJobs?: ShownProgress[] }).__pwJobs ?? [],
    );
    return all.filter((r) => r.id === id);
  }
}

/** data-processed of a job row's bar (NaN when none). */
export async function processedOf(row: Locator): Promise<number> {
  const bar = row.getByTestId('job-progress');
  if ((await bar.count()) === 0) return NaN;
  const raw = await bar.getAttribute('data-processed');
  return raw && /^\d+$/.test(raw) ? Number(raw) : NaN;
}

/** Distinct data-processed values strictly between 0 and the total. */
export function intermediateValues(recs: ShownProgress[]): number[] {
  const values = new Set<number>();
  for (const r of recs) {
    if (!r.processed || !r.total) continue;
    const p = Number(r.processed);
    if (p > 0 && p < Number(r.total)) values.add(p);
  }
  return [...values];
}

/** What a test waits for: the job of this kind on this volume, created since `since`. */
export interface JobWanted {
  kind: JobKind;
  pool: string;
  volume: string;
  since: number;
}
