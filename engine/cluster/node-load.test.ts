import { describe, it, expect } from "vitest";
import { createClock, createRng } from "../support/index.js";
import type { Node, Pod } from "./model.js";
import { ClusterStore } from "./store.js";
import { testRuntime } from "./testing.js";

/** The rule NodeLoad must reproduce: the fewest pods among the nodes that fit, first in store order. */
function scan(store: ClusterStore, fits: (n: Node) => boolean): Node | undefined {
  let best: Node | undefined;
  let bestCount = Infinity;
  for (const n of store.nodes()) {
    if (!fits(n)) continue;
    const c = store.podCountOnNode(n.metadata.name);
    if (c < bestCount) {
      best = n;
      bestCount = c;
    }
  }
  return best;
}

describe("NodeLoad", () => {
  const rt = testRuntime();
  const nodeT = rt.store.node("worker-0")!;
  const podT = [...rt.store.podsIn("kube-system")][0]!;

  it("finds what a scan over every node finds, through node and pod churn", () => {
    const rng = createRng(7);
    const store = new ClusterStore(rt.store.info, createClock());
    const names = Array.from({ length: 12 }, (_, i) => `n${i}`);
    const node = (name: string, gen: number): Node => ({
      ...nodeT,
      metadata: { ...nodeT.metadata, name, labels: { gen: String(gen % 3) } },
    });
    const pod = (i: number, nodeName: string): Pod => ({
      ...podT,
      metadata: { ...podT.metadata, name: `p${i}`, namespace: "default" },
      spec: { ...podT.spec, nodeName },
    });
    let checked = 0;
    for (let step = 0; step < 4000; step++) {
      const r = rng.int(10);
      const name = names[rng.int(names.length)]!;
      if (r === 0) store.put(node(name, step));
      else if (r === 1) store.remove("Node", "", name);
      else if (r < 7) store.put(pod(rng.int(200), rng.int(5) === 0 ? "" : name));
      else store.remove("Pod", "default", `p${rng.int(200)}`);
      const gen = String(rng.int(4));
      const fits = (n: Node) => n.metadata.labels.gen !== gen;
      const got = store.load.first(fits);
      expect(got?.metadata.name, `step ${step}`).toBe(scan(store, fits)?.metadata.name);
      if (got) expect(got).toBe(store.node(got.metadata.name));
      checked += got ? 1 : 0;
    }
    // The walk exercised real choices, not only empty clusters.
    expect(checked).toBeGreaterThan(2000);
  });

  it("keeps a node's place when it is replaced and sends a re-created one last", () => {
    const store = new ClusterStore(rt.store.info, createClock());
    for (const n of ["a", "b", "c"]) store.put({ ...nodeT, metadata: { ...nodeT.metadata, name: n } });
    const all = () => true;
    expect(store.load.first(all)?.metadata.name).toBe("a");
    store.put({ ...nodeT, metadata: { ...nodeT.metadata, name: "a" } });
    expect(store.load.first(all)?.metadata.name).toBe("a");
    store.remove("Node", "", "a");
    store.put({ ...nodeT, metadata: { ...nodeT.metadata, name: "a" } });
    expect(store.load.first(all)?.metadata.name).toBe("b");
    expect([...store.nodes()].map((n) => n.metadata.name)).toEqual(["b", "c", "a"]);
  });
});
