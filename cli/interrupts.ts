/**
 * What Ctrl-C and SIGTERM do to a running command: the first interrupt aborts it (it stops, cleans
 * up what it started, writes its reports); a second one quits at once. GNU timeout sends its signal
 * to the child and then to its own process group (coreutils timeout.c cleanup), so one `timeout` at
 * its limit is two SIGTERMs a moment apart: a repeat within `sameWithinMs` is that same interrupt,
 * not a person asking to quit without cleaning up.
 */
export interface InterruptActions {
  /** The first interrupt: stop what runs. */
  abort: () => void;
  /** A second, later one: quit now. */
  quit: () => void;
  /** Said on the first interrupt. */
  say: (line: string) => void;
  now?: () => number;
}

/** The signal handler for SIGINT and SIGTERM. */
export function interruptHandler(a: InterruptActions, sameWithinMs = 1000): () => void {
  const now = a.now ?? Date.now;
  let firstAt: number | undefined;
  return () => {
    if (firstAt === undefined) {
      firstAt = now();
      a.say("\nnetspec: interrupting (Ctrl-C again to quit at once)...\n");
      a.abort();
      return;
    }
    if (now() - firstAt >= sameWithinMs) a.quit();
  };
}
