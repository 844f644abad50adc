// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import { confirmsName } from '../lib/confirmName';
import { Dialog } from './Dialog';
import { Name } from './Name';

afterEach(cleanup);

/** What a reader sees: text, with each hidden control replaced by its CSS glyph. */
function seen(element: Element): string {
  let out = '';
  const walk = (node: Node) => {
    if (node instanceof HTMLElement && node.classList.contains('name__raw')) return;
    if (node instanceof HTMLElement && node.dataset.glyph) out += node.dataset.glyph;
    if (node.nodeType === Node.TEXT_NODE) out += node.textContent ?? '';
    node.childNodes.forEach(walk);
  };
  walk(element);
  return out;
}

test('a bidi override is shown as ⟨U+202E⟩, isolated in <bdi>, and the exact name stays in the DOM', () => {
  const { getByTestId } = render(<Name value={'\u202Egpj.exe'} testId="n" />);
  const name = getByTestId('n');
  expect(name.tagName).toBe('BDI');
  expect(seen(name)).toBe('⟨U+202E⟩gpj.exe');
  expect(name.textContent).toBe('\u202Egpj.exe');
  expect(name.querySelector('.name__ctl')?.getAttribute('title')).toBe(
    'bidi control character U+202E',
  );
});

test('a server message that quotes a hostile name goes through the same helper', () => {
  const message = 'volume "\u202Egpj.exe" in pool "p" is in use';
  const { getByTestId } = render(
    <Dialog
      title="t"
      onClose={() => {}}
      onSubmit={() => {}}
      confirmLabel="OK"
      error={new Error(message)}
    >
      body
    </Dialog>,
  );
  const alert = getByTestId('dialog-error');
  expect(alert.querySelector('bdi.name')).not.toBeNull();
  expect(seen(alert)).toBe('volume "⟨U+202E⟩gpj.exe" in pool "p" is in use');
});

test('typed confirmations: the exact name, or without the characters no keyboard types', () => {
  expect(confirmsName('a b.raw', 'a b.raw')).toBe(true);
  expect(confirmsName('a b', 'a b.raw')).toBe(false);
  expect(confirmsName('gpj.exe', '\u202Egpj.exe')).toBe(true);
  expect(confirmsName('newline.img', 'new\nline.img')).toBe(true);
  expect(confirmsName('', '\u202E')).toBe(false);
});
