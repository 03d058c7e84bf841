/**
 * The one place names cross between a scenario and a shared cluster: probes and symbolic values are
 * renamed on the way in (namespaces per run, in-cluster DNS names), observations and resolved values
 * on the way out, so observers and expectations each see only one world (NamespaceMap holds the map).
 */
import type { Destination, ObjectRef, Probe, Source, Value } from "../../../dsl/index.js";
import type { Observation } from "../../observation.js";
import type { NamespaceMap } from "./namespaces.js";

export class Namespaced {
  constructor(readonly map: NamespaceMap) {}

  /** A scenario ref in cluster names (namespace always set). */
  ref(ref: ObjectRef): ObjectRef {
    return { ...ref, namespace: this.map.forward(ref.namespace ?? "default") };
  }

  /** The probe as the cluster must see it: refs, DNS names and manifests renamed. */
  probe(probe: Probe): Probe {
    switch (probe.kind) {
      case "dns":
        return { ...probe, qname: this.map.forwardName(probe.qname), from: this.source(probe.from) };
      case "resolve":
        return { ...probe, name: this.map.forwardName(probe.name), from: this.source(probe.from)! };
      case "resolv-conf":
      case "hosts":
        return { ...probe, of: this.source(probe.of)! };
      case "endpoints":
        return { ...probe, service: this.ref(probe.service) };
      case "connect":
      case "path":
        return { ...probe, from: this.source(probe.from)!, to: this.destination(probe.to) };
      case "reach":
        return { ...probe, pods: probe.pods.map((p) => this.ref(p)) };
      case "object":
        return { ...probe, ref: this.objectRef(probe.ref) };
      case "apply": {
        // An inline source carries its one manifest itself (the loader fills `manifests` for files).
        const texts = probe.manifests ?? (probe.source.kind === "inline" ? [probe.source.manifest] : []);
        return { ...probe, manifests: texts.map((m) => ({ ...m, text: this.map.manifests(m.text) })) };
      }
      case "coredns":
        return probe;
    }
  }

  /** A symbolic value whose object refs are in cluster names. */
  value(value: Value): Value {
    if (value.kind === "ref") return { ...value, target: this.objectRef(value.target) };
    if (value.kind === "selection")
      return { ...value, namespace: this.map.forward(value.namespace ?? "default") };
    if (value.kind === "list") return { ...value, items: value.items.map((v) => this.value(v)) };
    if (value.kind === "quantified") return { ...value, value: this.value(value.value) };
    return value;
  }

  /** Resolved values back in scenario names (`ns/name` of `name()`/`pods`, FQDNs). */
  values(values: string[]): string[] {
    return values.map((v) => this.map.backName(v));
  }

  /** An observation with every cluster name turned back into the scenario's. */
  observation<T extends Observation>(obs: T): T {
    const back = (s: string) => this.map.backName(s);
    const o = obs as Observation;
    switch (o.kind) {
      case "dns":
        for (const sec of ["answer", "authority", "additional"] as const)
          o[sec] = o[sec].map((rr) => ({ ...rr, name: back(rr.name), data: back(rr.data) }));
        o.question = o.question.map((q) => ({ ...q, name: back(q.name) }));
        if (o.answeredBy) o.answeredBy = back(o.answeredBy);
        break;
      case "resolve":
        o.tries = o.tries.map((t) => ({ ...t, name: back(t.name) }));
        if (o.canonicalName) o.canonicalName = back(o.canonicalName);
        break;
      case "resolv-conf":
        o.search = o.search.map(back);
        o.text = back(o.text);
        break;
      case "hosts":
        o.entries = o.entries.map((e) => ({ ...e, names: e.names.map(back) }));
        o.text = back(o.text);
        break;
      case "endpoints":
        for (const e of o.endpoints) {
          if (e.targetRef) e.targetRef = back(e.targetRef);
          if (e.nodeName) e.nodeName = this.map.backNode(e.nodeName);
        }
        break;
      case "connect":
        if (o.landedOn) o.landedOn = back(o.landedOn);
        o.candidates = o.candidates.map(back);
        break;
      case "reach":
        o.pods = o.pods.map(back);
        break;
      case "apply":
        o.message = this.map.backText(o.message);
        break;
      case "object":
        if (o.fields["node-name"]) o.fields["node-name"] = this.map.backNode(o.fields["node-name"]);
        break;
      case "coredns":
        break;
    }
    return obs;
  }

  private objectRef(ref: ObjectRef): ObjectRef {
    const kind = ref.kind.toLowerCase();
    if (kind === "node") return { ...ref, name: this.map.forwardNode(ref.name) };
    return kind === "namespace" ? ref : this.ref(ref);
  }

  private source<S extends Source | undefined>(src: S): S {
    if (src?.kind === "node") return { ...src, name: this.map.forwardNode(src.name) };
    return (src?.kind === "pod" ? { ...src, ref: this.ref(src.ref) } : src) as S;
  }

  private destination(dst: Destination): Destination {
    if (dst.kind === "pod" || dst.kind === "service") return { ...dst, ref: this.ref(dst.ref) };
    if (dst.kind === "name") return { ...dst, name: this.map.forwardName(dst.name) };
    if (dst.kind === "node") return { ...dst, name: this.map.forwardNode(dst.name) };
    return dst;
  }
}
