import { describe, expect, test } from 'vitest';
import { hasControlChars, splitControlChars, visibleName } from './controlChars';

describe('splitControlChars', () => {
  test('plain names are one text part', () => {
    expect(splitControlChars('sp ace; $(id) ünï.img')).toEqual([
      { kind: 'text', text: 'sp ace; $(id) ünï.img' },
    ]);
    expect(hasControlChars('sp ace; $(id) ünï.img')).toBe(false);
  });

  test('a newline becomes a visible glyph and keeps the real character', () => {
    const parts = splitControlChars('new\nline.img');
    expect(parts).toEqual([
      { kind: 'text', text: 'new' },
      { kind: 'control', char: '\n', glyph: '↵', label: 'newline (U+000A)' },
      { kind: 'text', text: 'line.img' },
    ]);
    expect(visibleName('new\nline.img')).toBe('new↵line.img');
    // Joining the real characters gives the exact name back.
    expect(parts.map((p) => (p.kind === 'text' ? p.text : p.char)).join('')).toBe('new\nline.img');
  });

  test('other controls use Unicode control pictures, bidi overrides are flagged', () => {
    expect(visibleName('a\tb\rc\u0007d\u007f')).toBe('a⇥b␍c␇d␡');
    expect(visibleName('evil\u202Egpj.exe')).toBe('evil⟨U+202E⟩gpj.exe');
    expect(visibleName('\u202Egpj.exe')).toBe('⟨U+202E⟩gpj.exe');
    expect(visibleName('a\u200Bb\u2066c\u0085d\u061Ce')).toBe(
      'a⟨U+200B⟩b⟨U+2066⟩c⟨U+0085⟩d⟨U+061C⟩e',
    );
    // Emoji sequences (ZWJ) and ordinary non-Latin text stay as they are.
    expect(visibleName('👩\u200D💻 עברית 日本語')).toBe('👩\u200D💻 עברית 日本語');
    expect(hasControlChars('x\u2066y')).toBe(true);
  });

  test('edge positions and the empty string', () => {
    expect(splitControlChars('\n')).toHaveLength(1);
    expect(splitControlChars('')).toEqual([]);
    expect(visibleName('\nx\n')).toBe('↵x↵');
  });
});
