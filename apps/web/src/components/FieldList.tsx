import type { ReactNode } from 'react';

export interface Field {
  label: string;
  value: ReactNode;
  /** Monospace for paths, keys, UUIDs. */
  mono?: boolean;
}

/** A dense label/value grid, like cockpit's detail cards. */
export function FieldList({ fields }: { fields: Field[] }) {
  return (
    <dl className="field-list">
      {fields.map((field) => (
        <div className="field-list__item" key={field.label}>
          <dt>{field.label}</dt>
          <dd className={field.mono ? 'mono' : undefined}>{field.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** "—" for values the host does not report. */
export function OrDash({ value }: { value: ReactNode }) {
  return value === null || value === undefined || value === '' ? (
    <span className="muted">—</span>
  ) : (
    <>{value}</>
  );
}
