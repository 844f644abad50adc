import type { ReactNode } from 'react';

export interface Column {
  key: string;
  label: ReactNode;
  className?: string;
}

/**
 * The admin pages' table: a labelled <table> with its header row in a box that scrolls
 * sideways on narrow windows (jobs, audit, users, kiosk tokens). Rows are the children.
 */
export function DataTable({
  label,
  columns,
  children,
  className,
  testId,
}: {
  label: string;
  columns: readonly Column[];
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <div className="table-scroll">
      <table
        className={className ? `table ${className}` : 'table'}
        aria-label={label}
        data-testid={testId}
      >
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={column.className}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
