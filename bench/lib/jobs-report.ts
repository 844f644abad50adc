/** Figures of the jobs bench, computed from raw samples and printed as plain tables. */
import { GIB, JOBS_GOALS as G, RSS_UPLOAD_GIB } from './env.js';
import { max, median, min, percentile, table } from './stats.js';
import { interpolate, type Point, type ProgressSample } from './watch.js';

export interface TransferRound {
  bffFirst: boolean;
  rawUpMs: number;
  bffUpMs: number;
  rawDownMs: number;
  bffDownMs: number;
  /** CPU seconds by process over each transfer (bench/lib/cpu.ts). */
  cpu: { rawUp: CpuBreakdown; bffUp: CpuBreakdown; rawDown: CpuBreakdown; bffDown: CpuBreakdown };
}

export type CpuBreakdown = Record<string, number>;

/** One line per side of a round: CPU seconds by process (what the round log shows). */
export function cpuLines(r: TransferRound): string {
  return Object.entries(r.cpu)
    .map(([side, c]) => {
      const busy = Object.entries(c).filter(([, v]) => v >= 0.05);
      return `  CPU s ${side}: ${busy.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}\n`;
    })
    .join('');
}

/** Median CPU seconds per process kind for each side, over the rounds: where the time goes. */
function cpuTable(rounds: TransferRound[]): string {
  const sides = ['rawUp', 'bffUp', 'rawDown', 'bffDown'] as const;
  const labels = [...new Set(rounds.flatMap((r) => sides.flatMap((s) => Object.keys(r.cpu[s]))))];
  const cell = (s: (typeof sides)[number], label: string) =>
    f(median(rounds.map((r) => r.cpu[s][label] ?? 0)), 2);
  const rows = labels
    .map((l) => [l, ...sides.map((s) => cell(s, l))])
    .filter((row) => row.slice(1).some((c) => Number(c) >= 0.05))
    .sort((a, b) => Number(b[2]) - Number(a[2]));
  const total = (s: (typeof sides)[number]) =>
    f(median(rounds.map((r) => Object.values(r.cpu[s]).reduce((a, b) => a + b, 0))), 2);
  return table([
    ['process', 'raw up', 'BFF up', 'raw down', 'BFF down'],
    ...rows,
    ['all of them', ...sides.map(total)],
  ]);
}

export interface CloneRun {
  ms: number;
  points: Point[];
  events: ProgressSample[];
}

export interface RssRun {
  /** false: the upload failed, so the peak says nothing about a 4 GiB upload. */
  ok: boolean;
  baselineMb: number;
  peakRssMb: number;
  hwmMb: number;
  samples: number;
  ms: number;
}

export interface Failures {
  upload: string[];
  download: string[];
  rss: string[];
}

export const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
const f = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const range = (xs: number[], d = 0) => `${f(min(xs), d)}–${f(max(xs), d)}`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

export interface CloneFigures {
  maxErrorPct: number;
  compared: number;
  skipped: number;
  hz: number;
  medianGapMs: number;
  latencies: number[];
}

/** Progress error vs ground truth at each event's measuredAt; event rate while bytes move. */
export function cloneFigures(runs: CloneRun[]): CloneFigures {
  let maxErrorPct = 0;
  let compared = 0;
  let skipped = 0;
  let intervals = 0;
  let spanMs = 0;
  const gaps: number[] = [];
  const latencies: number[] = [];
  for (const run of runs) {
    const measured = run.events.filter(
      (e) => e.progress.dataProcessed !== null && e.progress.measuredAt !== null,
    );
    for (const e of measured) {
      const at = e.progress.measuredAt!;
      latencies.push(e.receivedAt - at);
      const truth = interpolate(run.points, at);
      if (truth === null) {
        skipped += 1;
        continue;
      }
      compared += 1;
      const total = e.progress.dataTotal ?? GIB;
      maxErrorPct = Math.max(
        maxErrorPct,
        (Math.abs(e.progress.dataProcessed! - truth) / total) * 100,
      );
    }
    // Bytes move from the first sample above 0 to the first sample at the full size.
    const start = run.points.find((p) => p.bytes > 0)?.at;
    const end = run.points.find((p) => p.bytes >= GIB)?.at;
    if (start === undefined || end === undefined) continue;
    const inWindow = run.events
      .map((e) => e.receivedAt)
      .filter((t) => t >= start && t <= end)
      .sort((a, b) => a - b);
    for (let i = 1; i < inWindow.length; i++) gaps.push(inWindow[i]! - inWindow[i - 1]!);
    if (inWindow.length >= 2) {
      intervals += inWindow.length - 1;
      spanMs += inWindow[inWindow.length - 1]! - inWindow[0]!;
    }
  }
  return {
    maxErrorPct,
    compared,
    skipped,
    hz: spanMs > 0 ? intervals / (spanMs / 1000) : NaN,
    medianGapMs: median(gaps),
    latencies,
  };
}

export function printJobsReport(
  machine: string[],
  rounds: TransferRound[],
  rss: RssRun,
  clones: CloneRun[],
  streamEvents: ProgressSample[],
  failures: Failures,
): void {
  const up = {
    raw: rounds.map((r) => mbps(GIB, r.rawUpMs)),
    bff: rounds.map((r) => mbps(GIB, r.bffUpMs)).filter(Number.isFinite),
  };
  const down = {
    raw: rounds.map((r) => mbps(GIB, r.rawDownMs)),
    // A failed BFF download is NaN: left out of medians and ranges, shown as n/a.
    bff: rounds.map((r) => mbps(GIB, r.bffDownMs)).filter(Number.isFinite),
  };
  const c = cloneFigures(clones);
  const streamLat = streamEvents
    .filter((e) => e.progress.measuredAt !== null)
    .map((e) => e.receivedAt - e.progress.measuredAt!);

  console.log('\nPoolwatch storage jobs bench');
  machine.forEach((l) => console.log(l));
  console.log(
    `transfers 1 GiB of random bytes, ${rounds.length} interleaved rounds (raw virsh never runs beside a BFF); MB = 10^6 bytes\n`,
  );
  console.log('per round (MB/s)');
  console.log(
    table([
      ['round', 'order', 'raw up', 'BFF up', 'raw down', 'BFF down'],
      ...rounds.map((r, i) => [
        String(i + 1),
        r.bffFirst ? 'BFF, raw' : 'raw, BFF',
        f(up.raw[i]!),
        f(mbps(GIB, r.bffUpMs)),
        f(down.raw[i]!),
        f(mbps(GIB, r.bffDownMs)),
      ]),
    ]),
  );

  console.log('\nCPU seconds per 1 GiB transfer, by process (median of rounds)');
  console.log(cpuTable(rounds));

  const upRatio = median(up.bff) / median(up.raw);
  const downRatio = median(down.bff) / median(down.raw);
  const p = (xs: number[], q: number) => percentile(xs, q);
  console.log('\ngoals');
  console.log(
    table([
      ['figure', 'measured', 'goal', 'verdict'],
      [
        'upload 1 GiB: BFF PUT / raw vol-upload (median MB/s, range)',
        `${f(upRatio, 3)} (${f(median(up.bff), 0)} [${range(up.bff)}] / ${f(median(up.raw), 0)} [${range(up.raw)}])`,
        `>= ${G.uploadRatio}`,
        verdict(upRatio >= G.uploadRatio),
      ],
      [
        'download 1 GiB: BFF GET / raw vol-download (median MB/s, range)',
        `${f(downRatio, 3)} (${f(median(down.bff), 0)} [${range(down.bff)}] / ${f(median(down.raw), 0)} [${range(down.raw)}])`,
        `>= ${G.downloadRatio}`,
        verdict(downRatio >= G.downloadRatio),
      ],
      [
        `BFF peak RSS, ${(rss.ms / 1000).toFixed(1)} s 4 GiB upload (VmHWM; max sampled VmRSS)`,
        rss.ok
          ? `${f(rss.hwmMb)} MB (${f(rss.peakRssMb)} MB; idle ${f(rss.baselineMb)} MB)`
          : `n/a: upload failed (${f(rss.hwmMb)} MB)`,
        `< ${G.peakRssMb} MB`,
        verdict(rss.ok && Math.max(rss.hwmMb, rss.peakRssMb) < G.peakRssMb),
      ],
      [
        `progress error, max |dataProcessed - truth| / total (${c.compared} events, ${clones.length} clones)`,
        `${f(c.maxErrorPct, 2)} %`,
        `<= ${G.progressErrorPct} %`,
        verdict(c.maxErrorPct <= G.progressErrorPct),
      ],
      [
        'progress events per second while bytes move (median gap)',
        `${f(c.hz, 2)} Hz (${f(c.medianGapMs, 0)} ms)`,
        `${G.progressHzMin}–${G.progressHzMax} Hz`,
        verdict(c.hz >= G.progressHzMin && c.hz <= G.progressHzMax),
      ],
      [
        `host -> socket latency, clone (host probe) p50 / p95 / max (${c.latencies.length})`,
        `${f(p(c.latencies, 50), 0)} / ${f(p(c.latencies, 95), 0)} / ${f(max(c.latencies), 0)} ms`,
        `p95 <= ${G.latencyP95Ms} ms`,
        verdict(p(c.latencies, 95) <= G.latencyP95Ms),
      ],
    ]),
  );
  const failed: [string, string[]][] = [
    [`BFF upload failed in ${failures.upload.length} of ${rounds.length} rounds`, failures.upload],
    [
      `BFF download failed in ${failures.download.length} of ${rounds.length} rounds`,
      failures.download,
    ],
    [`BFF ${RSS_UPLOAD_GIB} GiB upload failed`, failures.rss],
  ];
  for (const [what, errors] of failed) {
    if (errors.length === 0) continue;
    console.log(`\n${what}:`);
    [...new Set(errors)].forEach((e) => console.log(`  ${e.slice(0, 400)}`));
  }
  console.log('\nnotes');
  console.log(
    table([
      ['', ''],
      [
        `stream jobs (upload/download) measuredAt -> socket, p50 / p95 / max (${streamLat.length})`,
        `${f(p(streamLat, 50), 0)} / ${f(p(streamLat, 95), 0)} / ${f(max(streamLat), 0)} ms`,
      ],
      [
        'clone 1 GiB through the API (POST -> job:updated succeeded)',
        `${clones.map((x) => f(x.ms / 1000, 2)).join(', ')} s`,
      ],
      [
        'ground-truth samples per clone (stat of the target every 20 ms)',
        clones.map((x) => x.points.length).join(', '),
      ],
      ['progress events outside the sampled span (not compared)', String(c.skipped)],
      [`RSS samples (every 100 ms)`, String(rss.samples)],
    ]).replace(/^.*\n/, ''),
  );
}
