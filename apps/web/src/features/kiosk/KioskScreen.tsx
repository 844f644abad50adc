import { useQueries, useQuery } from '@tanstack/react-query';
import { jobsQuery } from '../../api/jobs';
import { hostsQuery, poolsQuery } from '../../api/queries';
import { DocumentTitle } from '../../components/DocumentTitle';
import { formatAgo, formatClock } from '../../lib/time';
import { useConnectionState } from '../../realtime/connectionStatus';
import { useSearchParams } from 'react-router';
import { KioskCapacity } from './KioskCapacity';
import { KioskFailures } from './KioskFailures';
import { KioskJobs } from './KioskJobs';
import {
  isDimmed,
  kioskRefresh,
  parseCycle,
  parseDim,
  parseFailureWindow,
  recentFailures,
  runningJobs,
} from './kioskData';
import { useBuildReload } from './useBuildReload';
import { useNow } from './useNow';

/**
 * Everything on one 16:9 screen, sized from the viewport (kiosk.css): header with clock and
 * freshness, capacity per host and pool on the left, jobs and failures on the right.
 */
export function KioskScreen() {
  const [params] = useSearchParams();
  const cycle = parseCycle(params.get('cycle'));
  const failureHours = parseFailureWindow(params.get('failures'));
  const dim = parseDim(params.get('dim'));
  const now = useNow();
  const { staleSince } = useConnectionState();
  useBuildReload();

  const hosts = useQuery({ ...hostsQuery(), ...kioskRefresh });
  const pools = useQueries({
    queries: (hosts.data ?? []).map((host) => ({
      ...poolsQuery(host.id),
      ...kioskRefresh,
      // An unreachable host answers 503: keep what we last had and say it is unreachable.
      enabled: host.state === 'connected',
    })),
  });
  const jobs = useQuery({ ...jobsQuery(), ...kioskRefresh });

  const updatedAt = Math.max(
    hosts.dataUpdatedAt,
    jobs.dataUpdatedAt,
    ...pools.map((p) => p.dataUpdatedAt),
  );
  const hostList = hosts.data ?? [];
  const reachable = hostList.filter((h) => h.state === 'connected').length;
  const running = runningJobs(jobs.data ?? []);
  const failures = recentFailures(jobs.data ?? [], now, failureHours);
  const dimmed = isDimmed(dim, new Date(now));

  return (
    <div
      className={dimmed ? 'kiosk kiosk--dimmed' : 'kiosk'}
      data-testid="kiosk"
      data-dimmed={dimmed || undefined}
    >
      <DocumentTitle parts={['Kiosk']} />
      <header className="kiosk__header">
        <div className="kiosk__brand">
          <img src="/favicon.svg" alt="" />
          Poolwatch
        </div>
        <div className="kiosk__summary" data-testid="kiosk-summary">
          <span className={reachable < hostList.length ? 'kiosk-text--critical' : undefined}>
            {reachable} of {hostList.length} {hostList.length === 1 ? 'host' : 'hosts'} reachable
          </span>
          <span>
            {running.length} {running.length === 1 ? 'job' : 'jobs'} running
          </span>
        </div>
        <div className="kiosk__status">
          {staleSince !== null && (
            <span className="kiosk__stale" data-testid="kiosk-stale" role="status">
              stale since {formatClock(staleSince)}
            </span>
          )}
          <span className="kiosk__updated" data-testid="kiosk-updated">
            {updatedAt > 0 ? `updated ${formatAgo(now - updatedAt)} ago` : 'loading…'}
          </span>
          <time
            className="kiosk__clock"
            data-testid="kiosk-clock"
            dateTime={new Date(now).toISOString()}
          >
            {formatClock(now)}
          </time>
        </div>
      </header>
      <main className="kiosk__main">
        <KioskCapacity
          hosts={hostList}
          pools={pools.map((p) => p.data)}
          updatedAt={pools.map((p) => p.dataUpdatedAt)}
          now={now}
          error={hosts.error}
          cycleSeconds={cycle}
        />
        <div className="kiosk__side">
          <KioskJobs jobs={running} loaded={jobs.data !== undefined} />
          <KioskFailures jobs={failures} windowHours={failureHours} />
        </div>
      </main>
    </div>
  );
}
