import { eastAsianWidth } from 'get-east-asian-width';

const ZERO_WIDTH = /[\p{Mn}\p{Me}\u200b-\u200f\u2060\ufeff]/u;

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
