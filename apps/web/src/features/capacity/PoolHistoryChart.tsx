import type { PoolHistory } from '@poolwatch/shared';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { poolHistoryQuery } from '../../api/queries';
import { formatBytes } from '../../lib/format';
import { poolColumns, poolSummary } from './chartData';
import { FullChip } from './FullChip';
import { bytesAxis, timeAxis, UPlotChart, type ChartColors } from './UPlotChart';

/** Allocation over the last 7 days, capacity, and the forecast line, with a text summary. */
export function PoolHistoryChart({ hostId, pool }: { hostId: string; pool: string }) {
  const history = useQuery(poolHistoryQuery(hostId, pool));
  if (history.isPending) return <p className="muted">Loading capacity history…</p>;
  if (history.isError) {
    return <p className="text-danger">Could not load capacity history: {history.error.message}</p>;
  }
  return <PoolHistoryView history={history.data} />;
}

export function PoolHistoryView({ history }: { history: PoolHistory }) {
  const columns = useMemo(() => poolColumns(history), [history]);
  const summary = useMemo(() => poolSummary(history, new Date()), [history]);
  const options = useCallback(
    (colors: ChartColors) => ({
      scales: { x: { time: true } },
      axes: [timeAxis(colors), bytesAxis(colors, (n: number) => formatBytes(n))],
      series: [
        {},
        {
          label: 'Allocation',
          stroke: colors.allocation,
          width: 2,
          fill: `${colors.allocation}22`,
        },
        { label: 'Capacity', stroke: colors.capacity, width: 1, dash: [4, 4] },
        { label: 'Forecast', stroke: colors.forecast, width: 2, dash: [8, 4], spanGaps: true },
      ],
      legend: { live: false },
    }),
    [],
  );
  return (
    <div className="pool-history" data-testid="pool-history">
      <div className="pool-history__head">
        <FullChip forecast={history.forecast} />
        <span className="muted small" data-testid="pool-history-basis">
          {history.forecast.basis}
        </span>
      </div>
      {history.samples.length > 0 && (
        <UPlotChart columns={columns} options={options} summary={summary} testId="pool-chart" />
      )}
      <p className="small muted" data-testid="pool-history-summary">
        {summary}
      </p>
    </div>
  );
}
