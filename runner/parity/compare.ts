/**
 * When two targets' observations of the same probe are "the same": per observation kind, the parts a
 * real cluster can be expected to reproduce. Left out on purpose everywhere: elapsed times, the
 * engine's reasons, which server or replica answered, wire sizes, and which of several valid backends
 * a connection happened to land on. DNS answers follow the differential tester's rules
 * (compare-dns.ts).
 */
import type { Observation } from "../observation.js";
import type { AddressBook } from "./address-book.js";
import { apiMessage } from "./apply-message.js";
import { compareDns } from "./compare-dns.js";

type Key = (o: never) => unknown;

const KEYS: { [K in Observation["kind"]]: Key | undefined } = {
  dns: undefined,
  resolve: (o: Extract<Observation, { kind: "resolve" }>) => ({
    rcode: o.rcode,
    source: o.source,
    answer: [...o.answer].sort(),
    tries: o.tries.map((t) => `${t.type} ${t.name.toLowerCase()} ${t.rcode}`),
  }),
  "resolv-conf": (o: Extract<Observation, { kind: "resolv-conf" }>) => ({
    nameservers: o.nameservers,
    search: o.search,
    options: [...o.options].sort(),
  }),
  hosts: (o: Extract<Observation, { kind: "hosts" }>) => o.entries.map((e) => `${e.ip} ${e.names.join(" ")}`),
  endpoints: (o: Extract<Observation, { kind: "endpoints" }>) => ({
    endpoints: o.endpoints
      .map(
        (e) =>
          `${[...e.addresses].sort().join(",")} ready=${e.ready} serving=${e.serving} terminating=${e.terminating}`,
      )
      .sort(),
    ports: o.ports.map((p) => `${p.name ?? ""}:${p.port}/${p.protocol}`).sort(),
  }),
  connect: (o: Extract<Observation, { kind: "connect" }>) => ({ verdict: o.verdict, deniedBy: o.deniedBy }),
  reach: (o: Extract<Observation, { kind: "reach" }>) => ({ pods: o.pods, allowed: o.allowed }),
  object: (o: Extract<Observation, { kind: "object" }>) => {
    const { exists, phase, ready, status, type } = o.fields;
    return { exists, phase, ready, status, type };
  },
  coredns: (o: Extract<Observation, { kind: "coredns" }>) => ({
    status: o.status,
    ready: o.ready,
    replicas: o.replicas,
    readyReplicas: o.readyReplicas,
  }),
  apply: (o: Extract<Observation, { kind: "apply" }>) => ({
    accepted: o.accepted,
    message: apiMessage(o.message),
  }),
};

/**
 * The differences between two observations of one probe; empty when they agree. With each target's
 * address book, addresses (and workload pods' generated names) are compared as the objects owning
 * them: a pod's IP on the reference and on a real cluster differ, the pod does not.
 */
export function compareObservations(
  a: Observation,
  b: Observation,
  books?: [AddressBook | undefined, AddressBook | undefined],
): string[] {
  if (books?.[0] && books[1]) return compareObservations(symbolic(a, books[0]), symbolic(b, books[1]));
  if (a.kind !== b.kind) return [`a ${a.kind} observation vs a ${b.kind} observation`];
  if (a.kind === "dns" && b.kind === "dns") return compareDns(a, b);
  const key = KEYS[a.kind]!;
  const ka = JSON.stringify(key(a as never));
  const kb = JSON.stringify(key(b as never));
  return ka === kb ? [] : [`${ka} vs ${kb}`];
}

/** The observation with every address its target's book knows written as its owner. */
function symbolic(o: Observation, book: AddressBook): Observation {
  return JSON.parse(book.symbolise(JSON.stringify(o))) as Observation;
}
