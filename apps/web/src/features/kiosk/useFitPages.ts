import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { pageStarts } from './kioskData';

export interface FitPages {
  /** Index of the first item on each page. */
  starts: number[];
  page: number;
  /** Where the current page's items begin and end (end exclusive). */
  first: number;
  end: number;
  /** Shift the column up by this to show the current page. */
  offset: number;
}

/**
 * Items stacked in a clipped container (`overflow: hidden`): measures where each child sits,
 * splits them into pages that fit, and with `cycleSeconds` moves to the next page on a timer.
 * Without it, the first page stays and the caller says how many did not fit.
 */
export function useFitPages(
  containerRef: RefObject<HTMLElement | null>,
  listRef: RefObject<HTMLElement | null>,
  layoutKey: string,
  cycleSeconds: number | null,
): FitPages {
  const [layout, setLayout] = useState<{ starts: number[]; tops: number[]; count: number }>({
    starts: [0],
    tops: [0],
    count: Infinity,
  });
  const [page, setPage] = useState(0);
  const frame = useRef(0);

  const measure = useCallback(() => {
    const container = containerRef.current;
    const list = listRef.current;
    if (!container || !list) return;
    const children = [...list.children] as HTMLElement[];
    const items = children.map((el) => ({ top: el.offsetTop, height: el.offsetHeight }));
    const starts = items.length ? pageStarts(items, container.clientHeight) : [0];
    const tops = items.map((item) => item.top);
    setLayout((old) =>
      old.starts.join() === starts.join() &&
      old.tops.join() === tops.join() &&
      old.count === items.length
        ? old
        : { starts, tops, count: items.length },
    );
  }, [containerRef, listRef]);

  // After every change of what is listed, and whenever the screen changes size.
  useLayoutEffect(measure, [measure, layoutKey]);
  useEffect(() => {
    const container = containerRef.current;
    if (!container || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame.current);
      frame.current = requestAnimationFrame(measure);
    });
    observer.observe(container);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame.current);
    };
  }, [containerRef, measure]);

  const pages = layout.starts.length;
  useEffect(() => {
    if (cycleSeconds === null || pages < 2) return;
    const timer = setInterval(() => setPage((p) => (p + 1) % pages), cycleSeconds * 1000);
    return () => clearInterval(timer);
  }, [cycleSeconds, pages]);

  const current = cycleSeconds === null ? 0 : page % pages;
  const first = layout.starts[current] ?? 0;
  const end = layout.starts[current + 1] ?? layout.count;
  const offset = (layout.tops[first] ?? 0) - (layout.tops[0] ?? 0);
  return { starts: layout.starts, page: current, first, end, offset };
}
