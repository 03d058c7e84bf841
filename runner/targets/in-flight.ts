/**
 * One start per key at a time: callers that ask while it runs share its promise (cases running at
 * once on one cluster need one probe pod, one network policy controller, not one each). A start
 * that fails is forgotten, so the next caller tries again.
 */
export class InFlight {
  private readonly running = new Map<string, Promise<unknown>>();

  run<T>(key: string, start: () => Promise<T>): Promise<T> {
    const known = this.running.get(key) as Promise<T> | undefined;
    if (known) return known;
    const p = start().finally(() => this.running.delete(key));
    this.running.set(key, p);
    return p;
  }
}
