import { pathOf, routes, type Volume } from '@poolwatch/shared';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useRef } from 'react';
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

/**
 * The per-row actions menu, rendered only for roles that may act (the grid asks once).
 * Radix's menu (roles, arrows, Home/End, typeahead, Escape) in a portal, because rows of the
 * virtual grid clip their overflow; its collision handling flips it above the button on the
 * last rows, where Wipe/Delete would otherwise fall off the screen. Not modal: the grid
 * keeps scrolling under an open menu, which follows its button.
 */
export function ActionsMenu({ hostId, pool, volume, onAction }: VolumeActionsMenuProps) {
  const chosen = useRef<VolumeAction | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const label = `Actions for ${visibleName(volume.name)}`;

  return (
    <DropdownMenu.Root modal={false}>
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
