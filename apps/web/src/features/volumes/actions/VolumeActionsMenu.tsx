import { pathOf, routes, type Volume } from '@poolwatch/shared';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
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

/** The keys that open a menu button (WAI-ARIA menu button pattern, as Radix's trigger). */
const OPEN_KEYS = new Set(['Enter', ' ', 'ArrowDown']);

/**
 * The per-row actions menu, rendered only for roles that may act (the grid asks once). Until
 * its first use a row holds a plain button: a Radix menu per row (providers, popper, two
 * document listeners) is what rows coming into view paid for while a 10,000-row pool
 * scrolled. The first press mounts the real menu, already open, with its own button.
 */
export function ActionsMenu(props: VolumeActionsMenuProps) {
  const [armed, setArmed] = useState<'pointer' | 'keyboard' | null>(null);
  if (armed) return <RadixActionsMenu {...props} openedByKeyboard={armed === 'keyboard'} />;
  const arm = (event: PointerEvent | KeyboardEvent, by: 'pointer' | 'keyboard') => {
    event.preventDefault();
    setArmed(by);
  };
  return (
    <button
      type="button"
      className="button button--secondary button--small"
      data-testid="volume-actions"
      aria-label={`Actions for ${visibleName(props.volume.name)}`}
      aria-haspopup="menu"
      aria-expanded={false}
      // Like Radix's trigger: a primary press opens on pointerdown; a click without one
      // (a screen reader's) opens too.
      onPointerDown={(event) => {
        if (event.button === 0 && !event.ctrlKey) arm(event, 'pointer');
      }}
      onKeyDown={(event) => {
        if (OPEN_KEYS.has(event.key)) arm(event, 'keyboard');
      }}
      onClick={() => setArmed('keyboard')}
    >
      Actions ▾
    </button>
  );
}

/**
 * Radix's menu (roles, arrows, Home/End, typeahead, Escape) in a portal, because rows of the
 * virtual grid clip their overflow; its collision handling flips it above the button on the
 * last rows, where Wipe/Delete would otherwise fall off the screen. Not modal: the grid
 * keeps scrolling under an open menu, which follows its button.
 */
function RadixActionsMenu({
  hostId,
  pool,
  volume,
  onAction,
  openedByKeyboard,
}: VolumeActionsMenuProps & { openedByKeyboard: boolean }) {
  const chosen = useRef<VolumeAction | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  // Radix learns that the keyboard is in use from keys pressed while it is mounted; the
  // press that mounted it came before, so the first item is focused as the menu attaches
  // (before Radix's mount focus, which then leaves the focus where it is).
  const focusFirstItem = useRef(openedByKeyboard);
  const onContent = (node: HTMLDivElement | null) => {
    if (!node || !focusFirstItem.current) return;
    focusFirstItem.current = false;
    node.querySelector<HTMLElement>('[role="menuitem"]')?.focus({ preventScroll: true });
  };
  const label = `Actions for ${visibleName(volume.name)}`;

  return (
    <DropdownMenu.Root modal={false} defaultOpen>
      <DropdownMenu.Trigger asChild>
        <button
          ref={buttonRef}
          type="button"
          className="button button--secondary button--small"
          data-testid="volume-actions"
          aria-label={label}
        >
          Actions ▾
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          ref={onContent}
          className="menu"
          aria-label={label}
          align="end"
          sideOffset={2}
          collisionPadding={8}
          loop
          onCloseAutoFocus={(event) => {
            // The menu gives the focus back to its button first; only then does the chosen
            // dialog open, so the dialog sees the button as its opener and returns there.
            const action = chosen.current;
            chosen.current = null;
            if (action === null) return;
            event.preventDefault();
            buttonRef.current?.focus();
            onAction(action, volume);
          }}
        >
          {ITEMS.map((item) => (
            <DropdownMenu.Item
              key={item.action}
              className={`menu__item${item.danger ? ' menu__item--danger' : ''}`}
              data-testid={`action-${item.action}`}
              onSelect={() => {
                chosen.current = item.action;
              }}
            >
              {item.label}
            </DropdownMenu.Item>
          ))}
          <DropdownMenu.Item asChild className="menu__item">
            <a
              data-testid="action-download"
              href={pathOf(routes.volumeDownload, { hostId, pool, volume: volume.name })}
              download
            >
              Download
            </a>
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
