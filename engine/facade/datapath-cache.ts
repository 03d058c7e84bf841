/**
 * The datapath over the cluster's current state: rebuilt when the store's revision moves (its policy
 * index and rule tables are per state), each revision with its own RNG stream forked from the run's
 * seed, and wired to the fault state (lost packets, stale kube-proxy rules).
 */
import type { ClusterStore } from "../cluster/index.js";
import { createDatapath, type Datapath, type DatapathOptions } from "../datapath/index.js";
import type { ClusterSpec } from "../engine.js";
import type { Rng } from "../support/index.js";
import { guardDatapath } from "./errors.js";
import type { FaultState } from "./fault-state.js";

export class DatapathCache {
  private cached: { revision: number; datapath: Datapath } | undefined;

  constructor(
    private readonly store: ClusterStore,
    private readonly spec: ClusterSpec,
    private readonly rng: Rng,
    private readonly faults: FaultState,
    private readonly resolveName: NonNullable<DatapathOptions["resolveName"]>,
  ) {}

  /** The datapath of the current revision. */
  current(): Datapath {
    const revision = this.store.revision;
    if (this.cached?.revision !== revision)
      this.cached = { revision, datapath: guardDatapath(() => this.build(revision)) };
    return this.cached.datapath;
  }

  /** Runs a request on the current datapath, its errors as EngineErrors. */
  run<T>(fn: (d: Datapath) => T): T {
    return guardDatapath(() => fn(this.current()));
  }

  private build(revision: number): Datapath {
    const { store, faults } = this;
    return createDatapath(store, {
      cni: this.spec.cni,
      proxyMode: this.spec.proxyMode,
      rng: this.rng.fork(`datapath/${revision}`),
      lost: (src, dst) => {
        const target = `${dst.metadata.namespace}/${dst.metadata.name}`;
        if (!store.pod(dst.metadata.namespace, dst.metadata.name))
          return `no pod has ${dst.status.podIP} any more (a stale kube-proxy rule): the packet is lost`;
        return faults.dropReason(src.spec.nodeName, dst.spec.nodeName, target);
      },
      staleRules: (node) => faults.staleRules(node),
      resolveName: this.resolveName,
    });
  }
}
