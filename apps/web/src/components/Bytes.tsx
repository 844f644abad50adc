import { formatBytes, formatExactBytes } from '../lib/format';

interface BytesProps {
  value: number;
  testId?: string;
  /** Also show the exact count, e.g. "10 GiB (10,737,418,240 bytes)". */
  exact?: boolean;
}

/** A size in IEC units, with the exact byte count in data-bytes and the tooltip. */
export function Bytes({ value, testId, exact = false }: BytesProps) {
  return (
    <span className="bytes" data-testid={testId} data-bytes={value} title={formatExactBytes(value)}>
      {formatBytes(value)}
      {exact && <span className="bytes__exact"> ({formatExactBytes(value)})</span>}
    </span>
  );
}
