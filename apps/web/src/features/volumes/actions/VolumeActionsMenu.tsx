import { pathOf, routes, type Volume } from '@poolwatch/shared';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useCan } from '../../../auth/useSession';
import { visibleName } from '../../../lib/controlChars';

export type VolumeAction = 'clone' | 'upload' | 'wipe' | 'resize' | 'delete';

const ITEMS: { action: VolumeAction; label: string; danger?: boolean }[] = [
  { action: 'clone', label: 'Clone…' },
  { action: 'resize', label: 'Resize…' },
  { action: 'upload', label: 'Upload into…' },
  { action: 'wipe', label: 'Wipe…', danger: true },
  { action: 'delete', label: 'Delete…', danger: true },
];

interface VolumeActionsMenuProps {
  hostId: string;
  pool: string;
  volume: Volume;
  onAction: (action: VolumeAction, volume: Volume) => void;
}

/** The per-row actions menu, for roles that may act (a viewer gets no menu at all). */
export function VolumeActionsMenu(props: VolumeActionsMenuProps) {
  return useCan('mutate') ? <ActionsMenu {...props} /> : null;
}

/** Fixed coordinates: below the button (`top`), or above it (`bottom`) near the viewport's end. */
type Position = { right: number } & ({ top: number } | { bottom: number });

/** Tall enough for every item (6 × 29 px + padding): below this much room, it opens upward. */
const MENU_HEIGHT_PX = 190;

/**
 * Rows of the virtual grid clip their overflow, so the menu is portalled to <body> and placed
 * under its button (fixed), or above it on the last rows (else Wipe/Delete fall off the
 * screen), and closes on scroll.
 */
function ActionsMenu({ hostId, pool, volume, onAction }: VolumeActionsMenuProps) {
  const [position, setPosition] = useState<Position | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const open = position !== null;

  const close = (refocus: boolean) => {
    setPosition(null);
    if (refocus) buttonRef.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target))
        setPosition(null);
    };
    // Where the button was when the menu opened: the menu is placed on the screen from it.
    const opened = buttonRef.current?.getBoundingClientRect();
    const onScroll = (event: Event) => {
      if (menuRef.current?.contains(event.target as Node)) return;
      // Only a scroll that moved the button leaves the menu floating away from it. Others
      // (the live jobs list, the browser's scroll anchoring when a chart above loads) do not
      // close it under the user's pointer.
      const now = buttonRef.current?.getBoundingClientRect();
      const moved =
        !opened ||
        !now ||
        Math.abs(now.top - opened.top) > 2 ||
        Math.abs(now.left - opened.left) > 2;
      if (moved) setPosition(null);
    };
    document.addEventListener('pointerdown', onPointer);
    window.addEventListener('scroll', onScroll, true);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      window.removeEventListener('scroll', onScroll, true);
    };
  }, [open]);

  const toggle = () => {
    if (open) return close(false);
    const rect = buttonRef.current?.getBoundingClientRect();
    if (!rect) return setPosition({ top: 0, right: 0 });
    const right = window.innerWidth - rect.right;
    const roomBelow = window.innerHeight - rect.bottom;
    setPosition(
      roomBelow < MENU_HEIGHT_PX && rect.top > roomBelow
        ? { bottom: window.innerHeight - rect.top + 2, right }
        : { top: rect.bottom + 2, right },
    );
  };

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      close(true);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      items[(index + 1) % items.length]?.focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      items[(index - 1 + items.length) % items.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      items[event.key === 'Home' ? 0 : items.length - 1]?.focus();
    }
  };

  const choose = (action: VolumeAction) => {
    // The button, not the vanishing item, is what the dialog returns the focus to.
    close(true);
    onAction(action, volume);
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="button button--secondary button--small"
        data-testid="volume-actions"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`Actions for ${visibleName(volume.name)}`}
        onClick={toggle}
      >
        Actions ▾
      </button>
      {position &&
        createPortal(
          <div
            ref={menuRef}
            id={menuId}
            className="menu"
            role="menu"
            aria-label={`Actions for ${visibleName(volume.name)}`}
            data-placement={'bottom' in position ? 'above' : 'below'}
            style={position}
            onKeyDown={onMenuKey}
          >
            {ITEMS.map((item) => (
              <button
                key={item.action}
                type="button"
                role="menuitem"
                className={`menu__item${item.danger ? ' menu__item--danger' : ''}`}
                data-testid={`action-${item.action}`}
                onClick={() => choose(item.action)}
              >
                {item.label}
              </button>
            ))}
            <a
              role="menuitem"
              className="menu__item"
              data-testid="action-download"
              href={pathOf(routes.volumeDownload, { hostId, pool, volume: volume.name })}
              download
              onClick={() => close(false)}
            >
              Download
            </a>
          </div>,
          document.body,
        )}
    </>
  );
}
