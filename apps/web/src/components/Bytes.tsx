import { formatBytes, formatExactBytes } from '../lib/format';

interface BytesProps {
  /** null: libvirt reported a figure that cannot be a real size; `error` says why. */
  value: number | null;
  error?: string | null;
  testId?: string;
  /** Also show the exact count, e.g. "10 GiB (10,737,418,240 bytes)". */
  exact?: boolean;
}

/** A size in IEC units, with the exact byte count in data-bytes and the tooltip. */
export function Bytes({ value, error, testId, exact = false }: BytesProps) {
  if (value === null) {
    return (
      <span
        className="bytes bytes--unknown muted"
        data-testid={testId}
        data-bytes=""
        title={error ?? 'unknown'}
      >
        unknown
      </span>
    );
  }
  return (
    <span className="bytes" data-testid={testId} data-bytes={value} title={formatExactBytes(value)}>
      {formatBytes(value)}
      {exact && <span className="bytes__exact"> ({formatExactBytes(value)})</span>}
    </span>
  );
}
