import { Field } from './Dialog';

const MiB = 1024 * 1024;

/**
 * The request's `bandwidth` from the field's MiB/s: empty is no limit (undefined); anything
 * else is sent as bytes, so the shared schema names a bad value (NaN, below 1 MiB/s).
 */
export function bandwidthBytes(mibPerSecond: string): number | undefined {
  const text = mibPerSecond.trim();
  return text === '' ? undefined : Math.round(Number(text) * MiB);
}

/**
 * A bandwidth limit in MiB/s for a byte-moving job (issue 11), beside SizeField. Dialogs
 * render it only for requests a host can limit (Poolwatch's own movers); where nothing can
 * enforce a limit, `unavailable` says why instead of offering a field that does nothing.
 */
export function BandwidthField({
  value,
  onChange,
  error,
  unavailable,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
  unavailable?: string | null;
}) {
  if (unavailable)
    return (
      <p className="muted small" data-testid="bandwidth-unavailable">
        No bandwidth limit: {unavailable}
      </p>
    );
  return (
    <Field
      label="Limit (MiB/s)"
      error={error}
      hint="Empty: no limit. It holds from the first byte and can be changed while the job runs."
      testId="bandwidth-error"
    >
      {(props) => (
        <input
          {...props}
          className="input"
          type="number"
          min={1}
          step="any"
          inputMode="decimal"
          placeholder="no limit"
          data-testid="bandwidth-input"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
