import * as RadixDialog from '@radix-ui/react-dialog';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage, isApiRequestError } from '../api/http';
import { Bytes } from './Bytes';
import { Name } from './Name';

interface DialogProps {
  title: ReactNode;
  children: ReactNode;
  onClose: () => void;
  onSubmit: () => void;
  confirmLabel: string;
  /** Red confirm button for what cannot be undone. */
  danger?: boolean;
  busy?: boolean;
  /** The server's answer (400/409 message), shown verbatim. */
  error?: unknown;
  confirmDisabled?: boolean;
  testId?: string;
}

/**
 * A modal form on Radix's dialog: it traps the focus, hides the page from screen readers and
 * closes on Esc through onClose like the Cancel button. Parents render it only while open, so
 * every opening starts with fresh fields. A click on the backdrop does not close it: a
 * half-filled form is not thrown away by a stray click.
 */
export function Dialog({
  title,
  children,
  onClose,
  onSubmit,
  confirmLabel,
  danger = false,
  busy = false,
  error,
  confirmDisabled = false,
  testId,
}: DialogProps) {
  // Whoever opened the dialog (a row's Actions button) gets the focus back on close; Radix
  // would give it to a Dialog.Trigger, and our openers are plain buttons elsewhere.
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy) onSubmit();
  };

  return (
    <RadixDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog__overlay" />
        <RadixDialog.Content
          className="dialog"
          data-testid={testId}
          aria-describedby={undefined}
          onPointerDownOutside={(event) => event.preventDefault()}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            if (opener?.isConnected) opener.focus();
          }}
        >
          <form className="dialog__form" onSubmit={submit} noValidate>
            <RadixDialog.Title className="dialog__title">{title}</RadixDialog.Title>
            <div className="dialog__body">{children}</div>
            {error !== undefined && error !== null && (
              <div className="alert alert--danger" role="alert" data-testid="dialog-error">
                <div className="alert__body">
                  <span className="alert__message">
                    <Name value={errorMessage(error)} />
                  </span>
                  {isApiRequestError(error) && error.space && (
                    // The figures once more in the units the form uses, so the admin can pick
                    // a size that fits without converting bytes by hand.
                    <span className="alert__detail" data-testid="dialog-error-space">
                      {' '}
                      Needs <Bytes value={error.space.needed} testId="dialog-error-needed" />, the
                      pool has{' '}
                      <Bytes value={error.space.available} testId="dialog-error-available" />{' '}
                      available.
                    </span>
                  )}
                </div>
              </div>
            )}
            <div className="dialog__actions">
              <button
                type="submit"
                className={`button ${danger ? 'button--danger' : 'button--primary'}`}
                data-testid="dialog-confirm"
                disabled={busy || confirmDisabled}
              >
                {busy ? 'Working…' : confirmLabel}
              </button>
              <button
                type="button"
                className="button button--secondary"
                data-testid="dialog-cancel"
                onClick={onClose}
              >
                Cancel
              </button>
            </div>
          </form>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

interface FieldProps {
  label: string;
  error?: string;
  hint?: ReactNode;
  /** The control; gets id and aria-describedby through the render function. */
  children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby'?: string;
  }) => ReactNode;
  testId?: string;
}

/** A labelled control with its zod message beside it (getByLabel finds the control). */
export function Field({ label, error, hint, children, testId }: FieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? messageId : null, hint ? hintId : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {children({ id, 'aria-invalid': !!error, 'aria-describedby': describedBy || undefined })}
      {hint && (
        <span id={hintId} className="field__hint muted small">
          {hint}
        </span>
      )}
      {error && (
        <span id={messageId} className="field__error text-danger small" data-testid={testId}>
          {error}
        </span>
      )}
    </div>
  );
}

/** A labelled one-line text input: the common case of Field. */
export function TextField({
  label,
  value,
  onChange,
  error,
  autoFocus,
  mono,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  autoFocus?: boolean;
  mono?: boolean;
  placeholder?: string;
}) {
  return (
    <Field label={label} error={error}>
      {(props) => (
        <input
          {...props}
          className={mono ? 'input mono' : 'input'}
          value={value}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
          autoFocus={autoFocus}
        />
      )}
    </Field>
  );
}

/** A checkbox with its label around it. */
export function Checkbox({
  label,
  checked,
  onChange,
  disabled,
  error,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  error?: string;
}) {
  return (
    <div className="field field--checkbox">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={checked}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span>{label}</span>
      </label>
      {error && <span className="field__error text-danger small">{error}</span>}
    </div>
  );
}
