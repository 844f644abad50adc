import { isControlChar } from './controlChars';

/**
 * Does what the user typed name the thing to destroy? The exact name, or, for a name with
 * characters no keyboard types (a newline, a bidi override), the name without them: a
 * confirmation a user cannot give would be no safeguard, only a dead end.
 */
export function confirmsName(typed: string, name: string): boolean {
  if (typed === name) return true;
  const typeable = [...name].filter((char) => !isControlChar(char)).join('');
  return typeable !== name && typeable !== '' && typed === typeable;
}
