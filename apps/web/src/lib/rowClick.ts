import type { MouseEvent } from 'react';

/**
 * Lets a whole table row act like its main link, for mouse users (keyboard and screen-reader
 * users have the real link). Ignores clicks on controls, modified clicks and text selection.
 */
export function onRowClick(go: (event: MouseEvent<HTMLElement>) => void) {
  return (event: MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    // Portalled menus and dialogs are outside the row in the DOM, not in React's tree: their
    // clicks bubble here too.
    if (
      event.target instanceof Element &&
      event.target.closest(
        'a, button, input, select, label, summary, dialog, [role="dialog"], [role="menu"]',
      )
    )
      return;
    if ((window.getSelection()?.toString() ?? '') !== '') return;
    go(event);
  };
}
