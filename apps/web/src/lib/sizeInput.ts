/** Sizes typed by people (number + binary unit) to the exact integer bytes the API wants. */

export const SIZE_UNITS = ['MiB', 'GiB', 'TiB'] as const;
export type SizeUnit = (typeof SIZE_UNITS)[number];

const FACTOR: Record<SizeUnit, number> = { MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };

/** "10" GiB -> 10737418240; "" -> undefined; junk -> NaN (the form then says "Size must be a number"). */
export function toBytes(amount: string, unit: SizeUnit): number | undefined {
  const text = amount.trim();
  if (text === '') return undefined;
  if (!/^\d+(\.\d+)?$/.test(text)) return Number.NaN;
  return Math.round(Number(text) * FACTOR[unit]);
}

/** The largest unit that shows `bytes` without a long fraction, for prefilled fields. */
export function fromBytes(bytes: number): { amount: string; unit: SizeUnit } {
  for (const unit of [...SIZE_UNITS].reverse()) {
    const value = bytes / FACTOR[unit];
    const rounded = Math.round(value * 1000) / 1000;
    if (value >= 1 && Math.abs(rounded - value) < 1e-9) return { amount: String(rounded), unit };
  }
  return { amount: String(Math.round((bytes / FACTOR.MiB) * 1000) / 1000), unit: 'MiB' };
}
