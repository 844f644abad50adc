/**
 * Names may hold control characters (a newline is legal in a libvirt volume name). They are
 * shown as visible glyphs so "a\nb" never looks like two names or like "ab".
 */
export type NamePart =
  { kind: 'text'; text: string } | { kind: 'control'; char: string; glyph: string; label: string };

const NAMED_GLYPHS: Record<string, string> = {
  '\n': '↵',
  '\t': '⇥',
};

const isC0OrDel = (code: number) => code < 0x20 || code === 0x7f;
// Bidi overrides/isolates and marks can make a name read differently than it is spelled.
const isBidiControl = (code: number) =>
  code === 0x200e ||
  code === 0x200f ||
  (code >= 0x202a && code <= 0x202e) ||
  (code >= 0x2066 && code <= 0x2069);

/** Characters shown as a glyph instead of themselves; unicode text and spaces are shown as is. */
export function isControlChar(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return isC0OrDel(code) || isBidiControl(code);
}

export function glyphFor(char: string): string {
  const named = NAMED_GLYPHS[char];
  if (named) return named;
  const code = char.codePointAt(0) ?? 0;
  if (isBidiControl(code)) return '␦';
  // Unicode "Control Pictures": U+2400 + code, DEL is U+2421.
  return String.fromCodePoint(code === 0x7f ? 0x2421 : 0x2400 + code);
}

function labelFor(char: string): string {
  const code = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return char === '\n' ? `newline (U+${code})` : `control character U+${code}`;
}

export function hasControlChars(name: string): boolean {
  for (const char of name) if (isControlChar(char)) return true;
  return false;
}

export function splitControlChars(name: string): NamePart[] {
  const parts: NamePart[] = [];
  let text = '';
  for (const char of name) {
    if (isControlChar(char)) {
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'control', char, glyph: glyphFor(char), label: labelFor(char) });
    } else {
      text += char;
    }
  }
  if (text) parts.push({ kind: 'text', text });
  return parts;
}

/** A one-line rendering for places that only take plain text (document title, tooltips). */
export function visibleName(name: string): string {
  return splitControlChars(name)
    .map((part) => (part.kind === 'text' ? part.text : part.glyph))
    .join('');
}
