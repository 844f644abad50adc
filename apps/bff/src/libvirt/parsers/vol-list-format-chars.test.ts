import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { parseVolList } from './vol-list.parser.js';
import { displayWidth } from './display-width.js';

// Real `virsh vol-list` 9.0.0 output (C.UTF-8) of a dir pool holding `\u202egpj.exe`:
// virsh pads the name cell as if U+202E took no column.
const fixture = readFileSync(
  new URL('./fixtures/vol-list-rtl-override.txt', import.meta.url),
  'utf8',
);

test('a name starting with a bidi override keeps its exact path', () => {
  expect(parseVolList(fixture)).toEqual([
    { name: 'plain.img', path: '/var/lib/libvirt/images/rtl/plain.img' },
    { name: '\u202egpj.exe', path: '/var/lib/libvirt/images/rtl/\u202egpj.exe' },
  ]);
});

test('format characters take no column, as glibc wcwidth counts them', () => {
  expect(displayWidth('\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069')).toBe(0);
  expect(displayWidth('a\u200db\ufeff')).toBe(2);
  expect(displayWidth('\u00ad')).toBe(1); // the soft hyphen is the exception
});
