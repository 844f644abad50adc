import { useCallback, useEffect, useState } from 'react';
import { readStored, writeStored } from './storage';

export type Theme = 'light' | 'dark';

/** Where the admin's explicit choice is remembered; absent: follow the system. */
export const THEME_KEY = 'poolwatch.theme';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function stored(): Theme | null {
  const value = readStored(THEME_KEY);
  return value === 'light' || value === 'dark' ? value : null; // nothing (or no storage): the system's
}

const systemTheme = (): Theme =>
  typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches ? 'dark' : 'light';

/**
 * The admin UI's theme: the remembered choice, else `prefers-color-scheme` (followed live
 * while nothing is remembered). The kiosk does not use this: it has its own dark screen.
 */
export function useTheme(): { theme: Theme; toggle: () => void } {
  const [choice, setChoice] = useState<Theme | null>(stored);
  const [system, setSystem] = useState<Theme>(systemTheme);

  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const media = matchMedia(DARK_QUERY);
    const onChange = () => setSystem(media.matches ? 'dark' : 'light');
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);

  const theme = choice ?? system;
  const toggle = useCallback(() => {
    const next: Theme = theme === 'dark' ? 'light' : 'dark';
    setChoice(next);
    writeStored(THEME_KEY, next);
  }, [theme]);
  return { theme, toggle };
}
