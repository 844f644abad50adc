/**
 * virsh's table printer (vshTableSafeEncode) writes every byte that is not printable as
 * `\xNN`, and escapes a literal `\x` as `\x5cx` so the encoding stays unambiguous:
 * `new<LF>line.img` is printed `new\x0aline.img`, `lit\x0a.img` is printed `lit\x5cx0a.img`.
 * A lone backslash not followed by `x` is printed as is.
 */
export function decodeVirshTableCell(cell: string): string {
  if (!cell.includes('\\x')) return cell;
  const out: number[] = [];
  const encoder = new TextEncoder();
  let i = 0;
  while (i < cell.length) {
    const hex = cell.slice(i + 2, i + 4);
    if (cell.startsWith('\\x', i) && /^[0-9a-fA-F]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 4;
      continue;
    }
    const codePoint = cell.codePointAt(i)!;
    const char = String.fromCodePoint(codePoint);
    out.push(...encoder.encode(char));
    i += char.length;
  }
  return new TextDecoder().decode(new Uint8Array(out));
}
