import { capacityLevel } from '../lib/capacity';
import { formatBytes, formatPercent, usedFraction } from '../lib/format';
import { Bytes } from './Bytes';

interface CapacityBarProps {
  /** null: a figure libvirt reported that cannot be a real size (see `error`). */
  capacity: number | null;
  allocation: number | null;
  available: number | null;
  error?: string | null;
  /** Prefix for test ids: `${prefix}-capacity` and `${prefix}-allocation`. */
  testIdPrefix?: string;
}

/** "12.3 GiB of 100 GiB" with a bar and % used; colours warn from 80 % and alarm from 90 %. */
export function CapacityBar({
  capacity,
  allocation,
  available,
  error,
  testIdPrefix,
}: CapacityBarProps) {
  const fraction = usedFraction(allocation, capacity);
  const percent = formatPercent(allocation, capacity);
  const level = { ok: 'ok', warning: 'warning', critical: 'danger' }[
    capacityLevel(allocation, capacity)
  ];
  const label =
    percent && allocation !== null && capacity !== null
      ? `${percent} used: ${formatBytes(allocation)} of ${formatBytes(capacity)}, ${available === null ? 'unknown' : formatBytes(available)} available`
      : `Capacity unknown${error ? `: ${error}` : ''}`;

  return (
    <div className="capacity">
      <div
        className={`capacity__bar capacity__bar--${level}`}
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
        title={label}
      >
        <div className="capacity__fill" style={{ width: `${fraction * 100}%` }} />
      </div>
      <div className="capacity__text">
        <Bytes
          value={allocation}
          error={error}
          testId={testIdPrefix && `${testIdPrefix}-allocation`}
        />
        {' of '}
        <Bytes value={capacity} error={error} testId={testIdPrefix && `${testIdPrefix}-capacity`} />
        <span className="capacity__percent">{percent ?? '—'}</span>
      </div>
    </div>
  );
}
