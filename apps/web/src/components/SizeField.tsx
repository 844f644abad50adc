import { useId } from 'react';
import { SIZE_UNITS, type SizeUnit } from '../lib/sizeInput';

export interface SizeValue {
  amount: string;
  unit: SizeUnit;
}

/**
 * A size as number + binary unit. The unit select's label avoids the field's own word, so
 * `getByLabel('Capacity')` finds exactly the number input.
 */
export function SizeField({
  label,
  unitLabel,
  value,
  onChange,
  error,
  hint,
  placeholder,
}: {
  label: string;
  unitLabel: string;
  value: SizeValue;
  onChange: (value: SizeValue) => void;
  error?: string;
  hint?: string;
  placeholder?: string;
}) {
  const id = useId();
  const messageId = `${id}-message`;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <div className="field__size">
        <input
          id={id}
          className="input"
          inputMode="decimal"
          value={value.amount}
          placeholder={placeholder}
          aria-invalid={!!error}
          aria-describedby={error ? messageId : undefined}
          onChange={(e) => onChange({ ...value, amount: e.target.value })}
        />
        <select
          className="input"
          aria-label={unitLabel}
          value={value.unit}
          onChange={(e) => onChange({ ...value, unit: e.target.value as SizeUnit })}
        >
          {SIZE_UNITS.map((unit) => (
            <option key={unit} value={unit}>
              {unit}
            </option>
          ))}
        </select>
      </div>
      {hint && <span className="field__hint muted small">{hint}</span>}
      {error && (
        <span id={messageId} className="field__error text-danger small">
          {error}
        </span>
      )}
    </div>
  );
}
