import type { Pool } from '@poolwatch/shared';
import { useQueries } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { poolHistoryQuery } from '../../api/queries';
import { formatBytes } from '../../lib/format';
import { compareNatural } from '../../lib/naturalSort';
import { visibleName } from '../../lib/controlChars';
import { stackedColumns } from './chartData';
import { bytesAxis, timeAxis, UPlotChart, type ChartColors } from './UPlotChart';

/** Allocation of every pool of a host over 7 days, stacked, with a text summary. */
export function HostUsageChart({ hostId, pools }: { hostId: string; pools: readonly Pool[] }) {
  const names = useMemo(() => pools.map((p) => p.name).sort(compareNatural), [pools]);
  const histories = useQueries({ queries: names.map((name) => poolHistoryQuery(hostId, name)) });
  const loaded = histories.every((h) => h.data);
  const key = histories.map((h) => h.dataUpdatedAt).join(',');
  const columns = useMemo(
    () =>
      stackedColumns(
        names.map((name, i) => ({ name, samples: histories[i]?.data?.samples ?? [] })),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` changes when any history does
    [names, key],
  );
  const summary = useMemo(() => {
    const latest = names.map((name, i) => {
      const last = histories[i]?.data?.samples.findLast((s) => s.allocation !== null);
      return `${visibleName(name)} ${last ? formatBytes(last.allocation!) : 'no samples'}`;
    });
    return `Allocation per pool over the last 7 days, stacked; latest: ${latest.join(', ')}.`;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- as above
  }, [names, key]);
  const options = useCallback(
    (colors: ChartColors) => ({
      scales: { x: { time: true } },
      axes: [timeAxis(colors), bytesAxis(colors, (n: number) => formatBytes(n))],
      // Later series are drawn on top: the largest total (the last pool) goes first.
      series: [
        {},
        ...names
          .map((name, i) => {
            const color = colors.palette[i % colors.palette.length]!;
            return { label: visibleName(name), stroke: color, fill: `${color}55`, width: 1 };
          })
          .reverse(),
      ],
      legend: { live: false },
    }),
    [names],
  );
  if (!loaded) return <p className="muted">Loading capacity history…</p>;
  const reversed = [columns[0], ...columns.slice(1).reverse()] as typeof columns;
  return (
    <div className="host-usage" data-testid="host-usage">
      {columns[0].length > 0 ? (
        <UPlotChart columns={reversed} options={options} summary={summary} testId="host-chart" />
      ) : null}
      <p className="small muted" data-testid="host-usage-summary">
        {columns[0].length > 0 ? summary : 'No capacity samples recorded yet.'}
      </p>
    </div>
  );
}
