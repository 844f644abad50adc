// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, expect, test, vi } from 'vitest';
import { Dialog } from './Dialog';

afterEach(cleanup);

/** An opener and the dialog it shows, like a row's Actions button and its Delete dialog. */
function Opener({ onSubmit = () => {} }: { onSubmit?: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      {open && (
        <Dialog
          title="Delete thing?"
          confirmLabel="Delete"
          onClose={() => setOpen(false)}
          onSubmit={onSubmit}
        >
          <input aria-label="Name" />
        </Dialog>
      )}
    </>
  );
}

test('labelled by its title, Esc closes it, the focus goes back to the opener', async () => {
  render(<Opener />);
  const opener = screen.getByRole('button', { name: 'Open' });
  opener.focus();
  fireEvent.click(opener);
  const dialog = screen.getByRole('dialog', { name: 'Delete thing?' });
  // The trap: the focus moved into the dialog.
  await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));
  fireEvent.keyDown(document.activeElement ?? dialog, { key: 'Escape' });
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  await waitFor(() => expect(document.activeElement).toBe(opener));
});

test('Cancel closes it and the confirm button submits', async () => {
  const onSubmit = vi.fn();
  render(<Opener onSubmit={onSubmit} />);
  fireEvent.click(screen.getByRole('button', { name: 'Open' }));
  fireEvent.click(screen.getByTestId('dialog-confirm'));
  expect(onSubmit).toHaveBeenCalledTimes(1);
  fireEvent.click(screen.getByTestId('dialog-cancel'));
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
});
