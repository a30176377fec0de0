import type { MouseEvent } from 'react';

/**
 * A plain left click. Anything else (a new tab with Ctrl or Cmd, a new window with
 * Shift) is left to the browser instead of scrolling the panel.
 */
export function isPlainClick(event: MouseEvent): boolean {
  return (
    event.button === 0 &&
    !event.metaKey &&
    !event.ctrlKey &&
    !event.shiftKey &&
    !event.altKey
  );
}
