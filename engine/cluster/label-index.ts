/**
 * The runtime's indexes for incremental reconciliation: pods by label (per namespace), services by the
 * first pair of their selector (a pod change marks only the services whose selector could match it),
 * and pods by controlling owner. They make loading 100k pods linear.
 */
import type { Pod, Service } from "./model.js";
import { mapSelectorMatches } from "./selector.js";
import type { ClusterStore } from "./store.js";

type Buckets = Map<string, Map<string, Set<string>>>;

function bucket(index: Buckets, ns: string, key: string): Set<string> {
  let m = index.get(ns);
  if (!m) index.set(ns, (m = new Map()));
  let set = m.get(key);
  if (!set) m.set(key, (set = new Set()));
  return set;
}

export class LabelIndex {
  private readonly podLabels: Buckets = new Map();
  private readonly serviceSelectors: Buckets = new Map();
  private readonly owners = new Map<string, Map<string, Pod>>();

  constructor(private readonly store: ClusterStore) {}

  indexPod(p: Pod, add: boolean): void {
    const ns = p.metadata.namespace;
    for (const [k, v] of Object.entries(p.metadata.labels)) {
      const set = bucket(this.podLabels, ns, `${k}=${v}`);
      if (add) set.add(p.metadata.name);
      else set.delete(p.metadata.name);
    }
    const owner = p.metadata.ownerReferences.find((o) => o.controller);
    if (owner) {
      let o = this.owners.get(owner.uid);
      if (!o) this.owners.set(owner.uid, (o = new Map()));
      if (add) o.set(`${ns}/${p.metadata.name}`, p);
      else o.delete(`${ns}/${p.metadata.name}`);
    }
  }

  indexService(s: Service, add: boolean): void {
    if (!s.spec.selector) return;
    const first = Object.entries(s.spec.selector)[0];
    if (!first) return;
    const set = bucket(this.serviceSelectors, s.metadata.namespace, `${first[0]}=${first[1]}`);
    if (add) set.add(s.metadata.name);
    else set.delete(s.metadata.name);
  }

  /** Names of the services in `ns` whose selector could match a pod with these labels. */
  *servicesFor(ns: string, labels: Record<string, string>): Iterable<string> {
    const m = this.serviceSelectors.get(ns);
    if (!m) return;
    for (const [k, v] of Object.entries(labels)) {
      const svcs = m.get(`${k}=${v}`);
      if (svcs) yield* svcs;
    }
  }

  ownedPods(uid: string): Pod[] {
    const m = this.owners.get(uid);
    return m ? [...m.values()] : [];
  }

  /** Pods of a namespace matching a map selector, from the smallest label bucket. */
  *selectPods(namespace: string, selector: Record<string, string>): Iterable<Pod> {
    const m = this.podLabels.get(namespace);
    if (!m) return;
    let smallest: Set<string> | undefined;
    for (const [k, v] of Object.entries(selector)) {
      const set = m.get(`${k}=${v}`);
      if (!set) return;
      if (!smallest || set.size < smallest.size) smallest = set;
    }
    if (!smallest) return;
    for (const name of smallest) {
      const pod = this.store.pod(namespace, name);
      if (pod && mapSelectorMatches(selector, pod.metadata.labels)) yield pod;
    }
  }
}
