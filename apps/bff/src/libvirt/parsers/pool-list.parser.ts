const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Parses `virsh pool-list --all --uuid`. Pools are addressed by UUID inside Poolwatch's
 * virsh session: a UUID never needs quoting, while names may hold anything (even a newline,
 * which the interactive shell cannot carry) and `pool-list --name` pads names with spaces.
 */
export function parsePoolUuids(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => UUID.test(line));
}
