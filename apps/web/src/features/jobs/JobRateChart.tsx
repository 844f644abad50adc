import type { JobSample } from '@poolwatch/shared';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatRate } from '../../lib/jobFormat';

/**
 * Rate over time from the job's recorded samples (uPlot: small, canvas, fast). The chart is
 * drawn for the eye; a text summary beside it says the same for screen readers.
 */
export function JobRateChart({ samples }: { samples: JobSample[] }) {
  const host = useRef<HTMLDivElement>(null);
  const rated = samples.filter((s) => s.rate !== null);

  useEffect(() => {
    const element = host.current;
    const rated = samples.filter((s) => s.rate !== null);
    if (!element || rated.length < 2) return;
    const data: uPlot.AlignedData = [
      rated.map((s) => s.at / 1000),
      rated.map((s) => (s.rate ?? 0) / 1024 ** 2),
    ];
    const chart = new uPlot(
      {
        width: Math.max(320, element.clientWidth || 640),
        height: 220,
        series: [{}, { label: 'MiB/s', stroke: '#2563eb', width: 2, fill: 'rgba(37,99,235,0.1)' }],
        axes: [{}, { label: 'MiB/s' }],
      },
      data,
      element,
    );
    return () => chart.destroy();
  }, [samples]);

  if (rated.length < 2) {
    return (
      <p className="muted" data-testid="job-rate-empty">
        Not enough progress samples for a chart ({samples.length} recorded).
      </p>
    );
  }
  const rates = rated.map((s) => s.rate ?? 0);
  const peak = Math.max(...rates);
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  return (
    <figure className="job-rate-chart" data-testid="job-rate-chart">
      <div ref={host} role="img" aria-label="Transfer rate over time" />
      <figcaption className="muted small" data-testid="job-rate-summary">
        {rated.length} samples; mean {formatRate(mean)}, peak {formatRate(peak)}.
      </figcaption>
    </figure>
  );
}
