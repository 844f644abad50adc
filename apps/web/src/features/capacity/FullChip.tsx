import { fullInDays, type CapacityForecast } from '@poolwatch/shared';
import { useQuery } from '@tanstack/react-query';
import { hostForecastsQuery } from '../../api/queries';

/** "full in N days": warning under 30 days, critical under 7; nothing without a forecast. */
export function FullChip({
  forecast,
  now = new Date(),
  className = '',
}: {
  forecast: CapacityForecast | undefined;
  now?: Date;
  className?: string;
}) {
  if (!forecast?.fullAt) return null;
  const { days, level } = fullInDays(forecast.fullAt, now);
  const text = days === 0 ? 'full now' : `full in ${days} ${days === 1 ? 'day' : 'days'}`;
  return (
    <span
      className={`full-chip full-chip--${level} ${className}`.trim()}
      data-testid="full-chip"
      data-level={level}
      title={`Projected full on ${new Date(forecast.fullAt).toLocaleString()}: ${forecast.basis}`}
    >
      {text}
    </span>
  );
}

/** The chip for one pool: its entry of the host's forecasts (one query per host). */
export function PoolFullChip({
  hostId,
  pool,
  refetch,
  className,
}: {
  hostId: string;
  pool: string;
  /** The kiosk refreshes on its own interval, in the background too. */
  refetch?: { refetchInterval: number; refetchIntervalInBackground: boolean };
  className?: string;
}) {
  const forecast = useQuery({
    ...hostForecastsQuery(hostId),
    ...refetch,
    select: (all) => all.pools[pool],
  });
  return <FullChip forecast={forecast.data} className={className} />;
}
