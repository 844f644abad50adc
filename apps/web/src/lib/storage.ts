/**
 * localStorage that never throws: with storage disabled (private mode, a policy) a choice is
 * simply not remembered, and the UI still switches.
 */
export function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // not remembered, still switched
  }
}
