/**
 * Ctrl-C (or SIGTERM/SIGHUP) during a bench: abort what runs, clean up (BFF, pool, data),
 * then exit 130. `process.on`, not `once`: a Ctrl-C reaches us twice (directly and relayed
 * by tsx), and a signal that finds no listener would end the process mid clean-up.
 */
export function cleanUpOnSignal(
  what: string,
  abort: AbortController,
  cleanup: () => Promise<void>,
  killNow: () => void,
): void {
  let interrupted = false;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if (interrupted) return;
      interrupted = true;
      abort.abort();
      console.error(`\n${sig}: cleaning up (${what})…`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  process.on('exit', killNow);
}

/**
 * Runs a bench's main: a failure is printed (not the one an interrupt causes: that exits
 * through cleanUpOnSignal) and sets exit code 1; the clean-up runs either way.
 */
export function runBench(
  main: () => Promise<void>,
  abort: AbortController,
  cleanup: () => Promise<void>,
): void {
  main()
    .catch((err: unknown) => {
      if (abort.signal.aborted) return;
      console.error(`\nbench failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    })
    .finally(() => cleanup());
}
