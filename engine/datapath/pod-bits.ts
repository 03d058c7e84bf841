/**
 * Per-pod answers of one test (does this peer match that pod?), computed the first time a pod is
 * asked about and kept as a byte per pod of the view. Truth tables ask about one pod per class of
 * pods (reach-classes.ts), so building a full set per peer up front would judge every pod of the
 * cluster against every peer for nothing.
 */
import type { ClusterView, Pod } from "../cluster/index.js";

/** Dense numbers for the view's pods, shared by every PodBits of one index. */
export class PodIds {
  private ids: Map<Pod, number> | undefined;

  constructor(private readonly view: ClusterView) {}

  private all(): Map<Pod, number> {
    if (!this.ids) {
      this.ids = new Map();
      for (const p of this.view.pods()) this.ids.set(p, this.ids.size);
    }
    return this.ids;
  }

  of(pod: Pod): number | undefined {
    return this.all().get(pod);
  }

  get size(): number {
    return this.all().size;
  }
}

/** `test` over the view's pods, memoized per pod; pods outside the view (synthetic ones) are false. */
export class PodBits {
  // 0 = not asked yet, 1 = true, 2 = false.
  private cells: Uint8Array | undefined;

  constructor(
    private readonly ids: PodIds,
    private readonly test: (pod: Pod) => boolean,
  ) {}

  has(pod: Pod): boolean {
    const id = this.ids.of(pod);
    if (id === undefined) return false;
    const cells = (this.cells ??= new Uint8Array(this.ids.size));
    let c = cells[id]!;
    if (c === 0) cells[id] = c = this.test(pod) ? 1 : 2;
    return c === 1;
  }
}
