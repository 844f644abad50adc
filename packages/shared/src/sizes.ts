/**
 * Sizes are exact byte counts. JavaScript numbers hold integers exactly only up to
 * 2^53−1: JSON.parse turns 9007199254740993 into 9007199254740992 and 1.4 into a number
 * zod cannot tell from an integer once it is rounded (9007199254740991.4 parses as
 * 9007199254740991). So a size above 2^53−1 is refused, and request bodies are checked on
 * their text, before JSON.parse rounds anything.
 */
export const MAX_EXACT_BYTES = Number.MAX_SAFE_INTEGER;
export const SIZE_RULE = `must be an exact byte count of at most 2^53−1 (${MAX_EXACT_BYTES})`;

/** A decimal byte count (Content-Length): the number, or null when it is not exact. */
export function parseExactByteCount(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

const NUMBER = /-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?/y;

/**
 * Is this JSON number literal a value JSON.parse gives back exactly, or not an integer at
 * all (which the schemas refuse)? False for an integer above 2^53−1 and for a fraction that
 * rounds to an integer.
 */
function literalIsExact(literal: string): boolean {
  NUMBER.lastIndex = 0;
  const match = NUMBER.exec(literal);
  if (!match) return true;
  const [, whole = '', fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  // digits × 10^(exponent − fraction length), as an exact decimal
  let digits = (whole + fraction).replace(/^0+(?=\d)/, '');
  let scale = exponent - fraction.length;
  while (scale < 0 && digits.length > 1 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    scale += 1;
  }
  if (/^0+$/.test(digits)) return true;
  if (scale < 0) {
    // Not an integer in decimal: fine unless the double rounds it to one.
    return !Number.isInteger(Number(literal));
  }
  if (digits.length + scale > 16) return false; // far above 2^53 (16 digits)
  const value = Number(digits + '0'.repeat(scale));
  return Number.isSafeInteger(value);
}

/**
 * The first number literal in a JSON text that JSON.parse would not give back exactly
 * (outside strings), or null. A cheap scan: the texts are request bodies of a few KiB.
 */
export function findInexactJsonNumber(json: string): string | null {
  let inString = false;
  for (let i = 0; i < json.length; i += 1) {
    const c = json[i]!;
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const match = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(json.slice(i, i + 400));
      const literal = match?.[0] ?? c;
      if (!literalIsExact(literal)) return literal;
      i += literal.length - 1;
    }
  }
  return null;
}
