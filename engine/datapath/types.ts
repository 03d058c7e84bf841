/** Connection requests and verdicts with reasons and a hop trace. */
import type { Protocol } from "../cluster/index.js";

export type Endpoint =
  | { kind: "pod"; namespace: string; name: string }
  | { kind: "node"; name: string }
  | { kind: "external"; ip: string };

export type ConnectTarget =
  | { kind: "pod"; namespace: string; name: string }
  | { kind: "service"; namespace: string; name: string }
  | { kind: "ip"; ip: string }
  | { kind: "node"; name: string }
  /** A DNS name, resolved through the source pod's own resolver first (so DNS egress policy applies). */
  | { kind: "name"; name: string };

export interface ConnectRequest {
  from: Endpoint;
  to: ConnectTarget;
  /** Number, or a name: a service port name for service targets, a container port name for pods. */
  port: number | string;
  protocol: Protocol;
}

export interface Hop {
  hop: string;
  args: string[];
  detail: string;
}

export interface ConnectResult {
  verdict: "allowed" | "denied" | "refused" | "timeout" | "rejected";
  deniedBy?: "ingress" | "egress";
  /** `ns/name` of the backend pod. */
  landedOn?: string;
  candidates: string[];
  sourceIp?: string;
  destinationIp?: string;
  hops: Hop[];
  reasons: string[];
}

export interface ReachRequest {
  port: number | string;
  protocol: Protocol;
  /** `ns/name` of the pods to tabulate; empty = all pods. */
  pods: string[];
  /** How a pod reaching itself is scored: null (not scored, as upstream e2e) by default. */
  selfVerdict?: "ignore" | "evaluate";
}

export interface ReachTable {
  pods: string[];
  /**
   * Every cell (null where unscored), built on first read: n² entries, 800 MB of array slots at
   * 10,000 pods. Code that reads cells one at a time should use verdict().
   */
  readonly allowed: (boolean | null)[][];
  /** One cell, as allowed[from][to] would give it, without building the matrix (null out of range). */
  verdict(from: number, to: number): boolean | null;
  /**
   * Why a cell has its verdict: the deciding policy of the denying direction, or both directions'
   * deciders for an allowed cell (empty for unscored cells). Computed on demand: a 3,000-pod table
   * has nine million cells, and only the ones someone looks at need a sentence.
   */
  reasonOf(from: number, to: number): string;
}
