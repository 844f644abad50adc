/**
 * Names may hold control characters (a newline is legal in a libvirt volume name). They are
 * shown as visible glyphs so "a\nb" never looks like two names or like "ab". Characters that
 * reorder or hide text (bidi overrides, isolates and marks, zero-width and separator
 * characters, C1 controls) are shown by their code point, `⟨U+202E⟩`: "\u202Egpj.exe" must not
 * pass for "exe.jpg".
 */
export type NamePart =
  { kind: 'text'; text: string } | { kind: 'control'; char: string; glyph: string; label: string };

const NAMED_GLYPHS: Record<string, string> = {
  '\n': '↵',
  '\t': '⇥',
};

const isC0OrDel = (code: number) => code < 0x20 || code === 0x7f;
// Bidi overrides/isolates and marks can make a name read differently than it is spelled;
// zero-width and separator characters hide or break it; C1 controls show as nothing.
const isBidiControl = (code: number) =>
  code === 0x061c ||
  code === 0x200e ||
  code === 0x200f ||
  (code >= 0x202a && code <= 0x202e) ||
  (code >= 0x2066 && code <= 0x2069);
const isInvisible = (code: number) =>
  (code >= 0x80 && code <= 0x9f) ||
  code === 0x200b ||
  code === 0x2028 ||
  code === 0x2029 ||
  code === 0x2060 ||
  code === 0xfeff;

/** Characters shown as a glyph instead of themselves; unicode text and spaces are shown as is. */
export function isControlChar(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return isC0OrDel(code) || isBidiControl(code) || isInvisible(code);
}

const codePoint = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

export function glyphFor(char: string): string {
  const named = NAMED_GLYPHS[char];
  if (named) return named;
  const code = char.codePointAt(0) ?? 0;
  if (isBidiControl(code) || isInvisible(code)) return `⟨${codePoint(code)}⟩`;
  // Unicode "Control Pictures": U+2400 + code, DEL is U+2421.
  return String.fromCodePoint(code === 0x7f ? 0x2421 : 0x2400 + code);
}

function labelFor(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (char === '\n') return `newline (${codePoint(code)})`;
  if (isBidiControl(code)) return `bidi control character ${codePoint(code)}`;
  return `control character ${codePoint(code)}`;
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
