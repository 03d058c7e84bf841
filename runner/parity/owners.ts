/**
 * Who owns an address, said the same way on every target. Two targets give the same objects
 * different addresses and, for workload pods, different names (the ReplicaSet controller's
 * generateName suffix is random on a real cluster and seeded in the engine), so each target lists
 * its pods and Services and this module names them by what the spec wrote: a bare or StatefulSet
 * pod by its own name (StatefulSet names are stable: `<set>-<ordinal>`), a Deployment's pod by its
 * Deployment (the ReplicaSet is `<deployment>-<pod-template-hash>`, pkg/controller/deployment/sync.go
 * getNewReplicaSet), any other controller's pod by that controller. Pods of one workload share a
 * symbol, so answers holding several of them still compare as sets.
 */
import type { AddressOwner } from "./address-book.js";

/** The few fields of a Pod this needs, as both the engine and `kubectl get -o json` give them. */
export interface PodFacts {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** The controller owner reference, if any. */
  controller?: { kind: string; name: string };
  ips: string[];
}

export interface ServiceFacts {
  namespace: string;
  name: string;
  clusterIPs: string[];
}

/** `pod ns/name` or `pod of deployment ns/name`: the object a pod's address is written as. */
export function podOwner(p: PodFacts): string {
  const c = p.controller;
  if (!c || c.kind === "StatefulSet") return `pod ${p.namespace}/${p.name}`;
  const hash = p.labels["pod-template-hash"];
  if (c.kind === "ReplicaSet" && hash && c.name.endsWith(`-${hash}`))
    return `pod of deployment ${p.namespace}/${c.name.slice(0, -hash.length - 1)}`;
  return `pod of ${c.kind.toLowerCase()} ${p.namespace}/${c.name}`;
}

/** Every address of these pods and Services with its owner (`ip(pod …)`, `cluster-ip(service …)`). */
export function addressOwners(pods: PodFacts[], services: ServiceFacts[]): AddressOwner[] {
  const out: AddressOwner[] = [];
  for (const s of services)
    for (const ip of s.clusterIPs)
      if (ip && ip !== "None") out.push({ symbol: `cluster-ip(service ${s.namespace}/${s.name})`, ip });
  for (const p of pods) {
    const owner = podOwner(p);
    // A workload pod's name is as arbitrary as its address; a bare or StatefulSet pod's is the spec's.
    const named = owner.startsWith("pod of ") ? { name: p.name, nameSymbol: `name(${owner})` } : {};
    for (const ip of p.ips) if (ip) out.push({ symbol: `ip(${owner})`, ip, ...named });
  }
  // An address two owners share (host-network pods have their node's) belongs to neither.
  const owners = new Map<string, Set<string>>();
  for (const o of out) owners.set(o.ip, (owners.get(o.ip) ?? new Set()).add(o.symbol));
  return out.filter((o) => owners.get(o.ip)!.size === 1);
}
