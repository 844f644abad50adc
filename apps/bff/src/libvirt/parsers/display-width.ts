import { eastAsianWidth } from 'get-east-asian-width';

/**
 * What glibc's wcwidth counts as zero columns: combining marks and every format character
 * (Cf: bidi overrides U+202A-U+202E and isolates U+2066-U+2069, U+200B-U+200F, U+2060,
 * U+FEFF...) but the soft hyphen, plus Hangul medial vowels/final consonants. Counting
 * U+202E as one column put the vol-list split one column too far into the padding, so the
 * "path" of `\u202egpj.exe` gained a leading space and the volume fell out of the list.
 */
const ZERO_WIDTH = /(?!\u00ad)[\p{Mn}\p{Me}\p{Cf}\u1160-\u11ff]/u;

/**
 * Terminal display width of a string, as glibc's wcswidth counts it: virsh pads table
 * columns by display width, so a CJK name takes two columns per character.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    if (ZERO_WIDTH.test(char)) continue;
    width += eastAsianWidth(char.codePointAt(0)!);
  }
  return width;
}

/** Index in `text` where `column` display columns have been consumed (or text.length). */
export function indexAtColumn(text: string, column: number): number {
  let width = 0;
  let index = 0;
  for (const char of text) {
    if (width >= column) break;
    if (!ZERO_WIDTH.test(char)) width += eastAsianWidth(char.codePointAt(0)!);
    index += char.length;
  }
  return index;
}
