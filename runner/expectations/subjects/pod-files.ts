/** Subjects of the files kubelet writes into a pod: resolv.conf and /etc/hosts. */
import type { HostsObs, ResolvConfObs } from "../../observation.js";
import { list, scalar, type SubjectTable } from "../subject.js";

export const resolvConfSubjects: SubjectTable<ResolvConfObs> = {
  subjects: {
    search: (o) => list(o.search, true),
    nameserver: (o) => list(o.nameservers),
    nameservers: (o) => list(o.nameservers),
    count: (o) => list(o.nameservers),
    options: (o) => list(o.options),
    text: (o) => scalar(o.text),
    warnings: (o) => list(o.warnings),
  },
};

export const hostsSubjects: SubjectTable<HostsObs> = {
  subjects: {
    entries: (o) => list(o.entries.map((e) => `${e.ip} ${e.names.join(" ")}`)),
    count: (o) => list(o.entries.map((e) => `${e.ip} ${e.names.join(" ")}`)),
    text: (o) => scalar(o.text),
  },
};
