import { VolumeFormatSchema, type VolumeFormat } from '@poolwatch/shared';
import type { ReactNode } from 'react';
import { Field } from './Dialog';

/**
 * A volume format select (the shared VolumeFormatSchema's options). `unset` adds a first
 * option that sends no format ("Pool default", "Same as source"); its value is ''.
 */
export function FormatField({
  label = 'Format',
  value,
  onChange,
  error,
  hint,
  unset,
}: {
  label?: string;
  value: VolumeFormat | '';
  onChange: (value: VolumeFormat | '') => void;
  error?: string;
  hint?: string;
  unset?: ReactNode;
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(props) => (
        <select
          {...props}
          className="input"
          value={value}
          onChange={(e) =>
            onChange(e.target.value === '' ? '' : VolumeFormatSchema.parse(e.target.value))
          }
        >
          {unset !== undefined && <option value="">{unset}</option>}
          {VolumeFormatSchema.options.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
