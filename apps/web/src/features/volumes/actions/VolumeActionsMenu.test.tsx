// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { makeVolume } from '../../../test/api';
import { ActionsMenu } from './VolumeActionsMenu';

afterEach(cleanup);

const volume = makeVolume({ name: 'disk one.qcow2' });

function renderMenu() {
  const onAction = vi.fn();
  render(<ActionsMenu hostId="h" pool="p" volume={volume} onAction={onAction} />);
  return {
    onAction,
    button: () => screen.getByRole('button', { name: 'Actions for disk one.qcow2' }),
  };
}

test('the keyboard opens the menu on its first item; a choice reaches onAction', async () => {
  const { onAction, button } = renderMenu();
  expect(button().getAttribute('aria-haspopup')).toBe('menu');
  expect(screen.queryByRole('menu')).toBeNull();
  fireEvent.keyDown(button(), { key: 'Enter' });
  const menu = await screen.findByRole('menu', { name: 'Actions for disk one.qcow2' });
  const items = screen.getAllByRole('menuitem').map((item) => item.textContent);
  expect(items).toEqual(['Clone…', 'Resize…', 'Upload into…', 'Wipe…', 'Delete…', 'Download']);
  await waitFor(() => expect(document.activeElement?.textContent).toBe('Clone…'));
  expect(menu.querySelector('a')?.getAttribute('href')).toContain('disk%20one.qcow2');
  fireEvent.click(screen.getByRole('menuitem', { name: 'Delete…' }));
  await waitFor(() => expect(onAction).toHaveBeenCalledWith('delete', volume));
  expect(screen.queryByRole('menu')).toBeNull();
  // The dialog's opener: the row's button has the focus when the action arrives.
  expect(document.activeElement).toBe(button());
});

test('Escape closes the menu without an action', async () => {
  const { onAction, button } = renderMenu();
  fireEvent.pointerDown(button(), { button: 0 });
  await screen.findByRole('menu');
  fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });
  await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
  expect(onAction).not.toHaveBeenCalled();
});
