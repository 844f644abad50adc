import { Fragment } from 'react';
import { splitControlChars } from '../lib/controlChars';

/**
 * A pool or volume name, rendered as text (React escapes it). Control characters such as a
 * newline are drawn as a muted glyph by CSS (::before), while the real character stays in the
 * DOM, hidden: textContent is the exact name, and "a\nb" never looks like "ab" or two lines.
 */
export function Name({ value, testId }: { value: string; testId?: string }) {
  const parts = splitControlChars(value);
  return (
    <span className="name" data-testid={testId}>
      {parts.map((part, i) =>
        part.kind === 'text' ? (
          <Fragment key={i}>{part.text}</Fragment>
        ) : (
          <span key={i} className="name__ctl" data-glyph={part.glyph} title={part.label}>
            <span className="name__raw">{part.char}</span>
          </span>
        ),
      )}
    </span>
  );
}
