import { useId, type ReactNode } from 'react';

/** A titled card section; the heading labels the region for screen readers. */
export function Card({
  title,
  extra,
  children,
}: {
  title: ReactNode;
  /** Shown beside the title (a count, a hint). */
  extra?: ReactNode;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <header className="card__header">
        <h2 id={headingId}>{title}</h2>
        {extra}
      </header>
      {children}
    </section>
  );
}
