/** Subjects of what the API holds: EndpointSlices, objects, admission verdicts, CoreDNS's status. */
import type { ApplyObs, CorednsObs, EndpointsObs, ObjectObs, ReachObs } from "../../observation.js";
import { flag, list, scalar, type SubjectTable } from "../subject.js";

const addresses = (o: EndpointsObs, pred: (ready: boolean) => boolean) =>
  o.endpoints.filter((e) => pred(e.ready)).flatMap((e) => e.addresses);

export const endpointsSubjects: SubjectTable<EndpointsObs> = {
  subjects: {
    endpoints: (o) => list(addresses(o, () => true)),
    addresses: (o) => list(addresses(o, () => true)),
    count: (o) => list(addresses(o, () => true)),
    "ready-addresses": (o) => list(addresses(o, (r) => r)),
    "not-ready-addresses": (o) => list(addresses(o, (r) => !r)),
    ports: (o) => list(o.ports.map((p) => `${p.port}/${p.protocol}`)),
  },
};

/** A convenience field of the object (`node-name` also reads a target's `nodeName`). */
const field = (name: string, alias?: string) => (o: ObjectObs) =>
  scalar(o.fields[name] ?? (alias ? o.fields[alias] : undefined));

export const objectSubjects: SubjectTable<ObjectObs> = {
  subjects: {
    exists: (o) => flag(o.object !== undefined),
    phase: field("phase"),
    ready: field("ready"),
    reason: field("reason"),
    ip: field("ip"),
    status: field("status"),
    "node-name": field("node-name", "nodeName"),
    "cluster-ip": field("cluster-ip", "clusterIP"),
  },
  describeFalse: (o) => (o.object ? "exists" : "absent"),
};

export const corednsSubjects: SubjectTable<CorednsObs> = {
  subjects: {
    status: (o) => scalar(o.status),
    ready: (o) => flag(o.ready),
    replicas: (o) => scalar(o.replicas),
    "ready-replicas": (o) => scalar(o.readyReplicas),
    log: (o) => list(o.log),
    count: (o) => list(o.log),
  },
};

export const applySubjects: SubjectTable<ApplyObs> = {
  subjects: {
    accepted: (o) => flag(o.accepted),
    rejected: (o) => flag(!o.accepted),
    message: (o) => scalar(o.message),
  },
};

export const reachSubjects: SubjectTable<ReachObs> = {
  subjects: { because: (o) => list(o.reasons) },
  unknown: (name) => `reach expectations are judged as a table, not by subject "${name}"`,
};
