import type { ReactNode } from 'react';

/** Page title row; `actions` is where per-page buttons (jobs, kiosk toggles) will go. */
export function PageHeader({
  title,
  subtitle,
  badges,
  actions,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  badges?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div className="page-header__main">
        <h1 className="page-header__title">
          {title}
          {badges && <span className="page-header__badges">{badges}</span>}
        </h1>
        {subtitle && <p className="page-header__subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="page-header__actions">{actions}</div>}
    </div>
  );
}
