import { usedFraction } from './format';

/** Pool fill thresholds, the same on the dashboard and the kiosk. */
export const WARNING_AT = 0.8;
export const CRITICAL_AT = 0.9;

export type CapacityLevel = 'ok' | 'warning' | 'critical';

export function capacityLevel(allocation: number | null, capacity: number | null): CapacityLevel {
  const fraction = usedFraction(allocation, capacity);
  if (fraction >= CRITICAL_AT) return 'critical';
  if (fraction >= WARNING_AT) return 'warning';
  return 'ok';
}

/** The word shown beside the colour, so the level never depends on colour alone. */
export const LEVEL_WORDS: Record<CapacityLevel, string> = {
  ok: 'OK',
  warning: 'WARNING',
  critical: 'CRITICAL',
};
