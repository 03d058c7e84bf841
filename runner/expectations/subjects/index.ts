/**
 * Every observation kind's subject table. The mapped type makes it total: a new observation kind is a
 * compile error here until its subjects are written.
 */
import type { Observation } from "../../observation.js";
import type { SubjectTable } from "../subject.js";
import { applySubjects, corednsSubjects, endpointsSubjects, objectSubjects, reachSubjects } from "./api.js";
import { connectSubjects } from "./connect.js";
import { dnsSubjects, resolveSubjects } from "./dns.js";
import { hostsSubjects, resolvConfSubjects } from "./pod-files.js";

export type SubjectTables = { [K in Observation["kind"]]: SubjectTable<Extract<Observation, { kind: K }>> };

export const SUBJECTS: SubjectTables = {
  dns: dnsSubjects,
  resolve: resolveSubjects,
  "resolv-conf": resolvConfSubjects,
  hosts: hostsSubjects,
  endpoints: endpointsSubjects,
  connect: connectSubjects,
  reach: reachSubjects,
  object: objectSubjects,
  coredns: corednsSubjects,
  apply: applySubjects,
};
