/** A running pool whose volumes are files in one directory (dir, fs, netfs). */
export interface PoolDir {
  uuid: string;
  path: string;
}

/** What the inventory hears from a pool directory watch. */
export interface PoolDirListener {
  /** These pools are watched from now on (a new baseline: earlier changes are not told). */
  watching: (uuids: ReadonlySet<string>) => void;
  /** Something was created, deleted or renamed in this pool's directory. */
  changed: (uuid: string) => void;
  /** Nothing is watched any more (the agent's channel ended). */
  lost: () => void;
}

/** The inventory's view of a watch: HostInventory depends on this, not on the agent. */
export interface PoolDirSource {
  watch: (dirs: readonly PoolDir[]) => void;
  listen: (listener: PoolDirListener) => void;
}

/** A channel that ended is not restarted for the watch alone before this. */
const RESTART_AFTER_LOSS_MS = 30_000;

/**
 * The BFF's end of the host agent's pool directory watch (host-scripts/pool-dirs.sh): the
 * agent stats the named directories once a second and says `D <uuid>` when one changed, so
 * the inventory re-lists that pool instead of every pool every poll. The set goes to the
 * agent only when it changes, and again on each new agent channel (a new agent watches
 * nothing). Which pools are watched is only what the agent acknowledged (`W <n>`) on the
 * live channel: everything else is polled as before.
 */
export class AgentPoolDirs implements PoolDirSource {
  private listener: PoolDirListener | null = null;
  /** The set the live channel was told (sorted key), and those not yet acknowledged. */
  private sentKey = '';
  private unanswered: (readonly PoolDir[])[] = [];
  private watched = new Set<string>();
  private endedAt = 0;
  private channelLive = false;

  constructor(private readonly send: (fields: string[]) => void) {}

  listen(listener: PoolDirListener): void {
    this.listener = listener;
  }

  watch(dirs: readonly PoolDir[]): void {
    const sorted = [...dirs].sort((a, b) => a.uuid.localeCompare(b.uuid));
    const key = JSON.stringify(sorted);
    if (this.channelLive && key === this.sentKey) return;
    // A channel that keeps dying is not restarted every poll just to watch: polls cover it.
    if (!this.channelLive && Date.now() - this.endedAt < RESTART_AFTER_LOSS_MS) return;
    this.send(['dirs', String(sorted.length), ...sorted.flatMap((d) => [d.uuid, d.path])]);
    this.sentKey = key;
    this.unanswered.push(sorted);
  }

  /** The agent's channel (re)started: it watches nothing yet. */
  channelStarted(): void {
    this.channelLive = true;
    this.sentKey = '';
    this.unanswered = [];
    this.watched = new Set();
  }

  channelEnded(): void {
    this.channelLive = false;
    this.endedAt = Date.now();
    this.sentKey = '';
    this.unanswered = [];
    this.watched = new Set();
    this.listener?.lost();
  }

  /** `W <n>`: the oldest unanswered set is watched (unless the agent refused some of it). */
  answered(count: number): void {
    const dirs = this.unanswered.shift();
    if (dirs === undefined) return;
    this.watched = new Set(count === dirs.length ? dirs.map((d) => d.uuid) : []);
    this.listener?.watching(this.watched);
  }

  /** The agent watches this pool's directory now. */
  isWatched(uuid: string): boolean {
    return this.watched.has(uuid);
  }

  /** `D <uuid>`. */
  changed(uuid: string): void {
    if (this.watched.has(uuid)) this.listener?.changed(uuid);
  }
}
