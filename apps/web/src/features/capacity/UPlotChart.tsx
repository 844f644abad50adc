import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Columns } from './chartData';

/** The theme's tokens (styles/theme.css), read when the chart is drawn. */
export interface ChartColors {
  text: string;
  grid: string;
  allocation: string;
  capacity: string;
  forecast: string;
  palette: string[];
}

function readColors(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  const token = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: token('--pw-text-muted', '#6a6e73'),
    grid: token('--pw-border', '#d2d2d2'),
    allocation: token('--pw-chart-allocation', '#0066cc'),
    capacity: token('--pw-chart-capacity', '#8a8d90'),
    forecast: token('--pw-chart-forecast', '#c9190b'),
    palette: [1, 2, 3, 4, 5, 6].map((i) => token(`--pw-chart-${i}`, '#0066cc')),
  };
}

/** Redraws when the colour scheme or a theme attribute on <html> changes. */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    media?.addEventListener('change', bump);
    const observer = new MutationObserver(bump);
    observer.observe(document.documentElement, { attributes: true });
    return () => {
      media?.removeEventListener('change', bump);
      observer.disconnect();
    };
  }, []);
  return version;
}

const HEIGHT = 220;

/**
 * A uPlot canvas that fills its container's width. The canvas is `aria-hidden`; the
 * container is an image labelled with `summary` (the same sentence is shown as text).
 */
export function UPlotChart({
  columns,
  options,
  summary,
  testId,
}: {
  columns: Columns;
  options: (colors: ChartColors) => Omit<uPlot.Options, 'width' | 'height'>;
  summary: string;
  testId: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const theme = useThemeVersion();
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const width = () => Math.max(200, el.clientWidth);
    const plot = new uPlot(
      { ...options(readColors()), width: width(), height: HEIGHT },
      columns as uPlot.AlignedData,
      el,
    );
    plot.root.setAttribute('aria-hidden', 'true');
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [columns, options, theme]);
  return (
    <div
      ref={container}
      className="chart"
      role="img"
      aria-label={summary}
      data-testid={testId}
      data-points={columns[0].length}
    />
  );
}

/** Byte figures on the y axis. */
export const bytesAxis = (colors: ChartColors, format: (n: number) => string): uPlot.Axis => ({
  stroke: colors.text,
  grid: { stroke: colors.grid, width: 1 },
  ticks: { stroke: colors.grid, width: 1 },
  size: 80,
  values: (_u, splits) => splits.map(format),
});

export const timeAxis = (colors: ChartColors): uPlot.Axis => ({
  stroke: colors.text,
  grid: { stroke: colors.grid, width: 1 },
  ticks: { stroke: colors.grid, width: 1 },
});
