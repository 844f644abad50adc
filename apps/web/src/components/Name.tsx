import { Fragment } from 'react';
import { splitControlChars, visibleName } from '../lib/controlChars';

/**
 * The one way a pool or volume name (or a message that may quote one) is rendered, as text
 * (React escapes it). Control characters such as a newline are drawn as a muted glyph by CSS
 * (::before), bidi overrides as `⟨U+202E⟩`, while the real character stays in the DOM,
 * hidden (display: none takes it out of the bidi algorithm): textContent is the exact name,
 * and "a\nb" never looks like "ab" or two lines. <bdi> isolates the name: right-to-left
 * letters in it cannot reorder the words around it.
 */
export function Name({ value, testId }: { value: string; testId?: string }) {
  const parts = splitControlChars(value);
  return (
    <bdi className="name" data-testid={testId}>
      {parts.map((part, i) =>
        part.kind === 'text' ? (
          <Fragment key={i}>{part.text}</Fragment>
        ) : (
          <span key={i} className="name__ctl" data-glyph={part.glyph} title={part.label}>
            <span className="name__raw">{part.char}</span>
          </span>
        ),
      )}
    </bdi>
  );
}

/**
 * A name or path on one line, cut with an ellipsis where its box ends (never broken inside a
 * word), the whole of it in the tooltip; the detail page shows it in full.
 */
export function TruncatedName({ value, testId }: { value: string; testId?: string }) {
  return (
    <span className="truncate" title={visibleName(value)}>
      <Name value={value} testId={testId} />
    </span>
  );
}
