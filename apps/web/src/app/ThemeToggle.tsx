import type { Theme } from '../lib/theme';

/** The masthead's light/dark switch; the choice is remembered (lib/theme.ts). */
export function ThemeToggle({ theme, onToggle }: { theme: Theme; onToggle: () => void }) {
  return (
    <button
      type="button"
      className="masthead__button"
      data-testid="theme-toggle"
      aria-pressed={theme === 'dark'}
      onClick={onToggle}
      title={theme === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme'}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span> Dark mode
    </button>
  );
}
