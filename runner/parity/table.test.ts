import { describe, expect, it } from "vitest";
import type { AddressOwner, EndpointsObs } from "../observation.js";
import type { CaseResult, RunResult } from "../result.js";
import { addressOwners, podOwner } from "./owners.js";
import { parityTable } from "./table.js";

const span = { file: "a.netspec", line: 3, column: 1, endLine: 3, endColumn: 9, offset: 20, endOffset: 28 };

const endpoints = (...ips: string[]): EndpointsObs => ({
  kind: "endpoints",
  endpoints: ips.map((ip) => ({ addresses: [ip], ready: true, serving: true, terminating: false })),
  ports: [{ port: 80, protocol: "TCP" }],
});

function caseOn(target: string, obs: EndpointsObs, addresses?: AddressOwner[]): CaseResult {
  return {
    id: "a.netspec::S::web",
    name: "web",
    suite: "S",
    file: "a.netspec",
    span,
    target,
    status: "passed",
    durationMs: 0,
    reasons: [],
    steps: [{ span, type: "expect", durationMs: 0, observation: obs }],
    ...(addresses ? { addresses } : {}),
  };
}

const run = (...cases: CaseResult[]): RunResult =>
  ({
    seed: 1,
    targets: ["reference", "local"],
    cases,
    summaries: {},
    durationMs: 0,
    aborted: false,
    errors: [],
  }) as RunResult;

const deploymentPod = (name: string, ip: string) => ({
  namespace: "app",
  name,
  labels: { app: "web", "pod-template-hash": name.split("-")[1]! },
  controller: { kind: "ReplicaSet", name: name.split("-").slice(0, 2).join("-") },
  ips: [ip],
});

describe("parity compares the objects behind addresses, not the addresses", () => {
  const reference = addressOwners(
    [deploymentPod("web-5d8f7c-x2x9q", "10.244.1.5"), deploymentPod("web-5d8f7c-q7k2m", "10.244.2.4")],
    [{ namespace: "app", name: "web", clusterIPs: ["10.96.0.20"] }],
  );
  const local = addressOwners(
    [deploymentPod("web-6b9c4d-abcde", "10.244.0.17"), deploymentPod("web-6b9c4d-fghij", "10.244.1.9")],
    [{ namespace: "app", name: "web", clusterIPs: ["10.103.7.44"] }],
  );

  it("agrees when each target's endpoints are the same Deployment's pods", () => {
    const [row] = parityTable(
      run(
        caseOn("reference", endpoints("10.244.1.5", "10.244.2.4"), reference),
        caseOn("local", endpoints("10.244.1.9", "10.244.0.17"), local),
      ),
    );
    expect(row!.verdict).toBe("agree");
  });

  it("disagrees when one target's endpoint belongs to something else", () => {
    const [row] = parityTable(
      run(
        caseOn("reference", endpoints("10.244.1.5", "10.244.2.4"), reference),
        caseOn("local", endpoints("10.244.1.9", "10.244.3.3"), local),
      ),
    );
    expect(row!.verdict).toBe("disagree");
    expect(row!.differences[0]!.differences[0]).toContain("10.244.3.3");
  });

  it("compares literal addresses when a target could not list its owners", () => {
    const [row] = parityTable(
      run(caseOn("reference", endpoints("10.244.1.5"), reference), caseOn("local", endpoints("10.244.1.9"))),
    );
    expect(row!.verdict).toBe("disagree");
  });
});

describe("owners are named as the spec wrote them", () => {
  it("names a bare pod and a StatefulSet pod by name, a Deployment's pod by its Deployment", () => {
    expect(podOwner({ namespace: "a", name: "p", labels: {}, ips: [] })).toBe("pod a/p");
    expect(
      podOwner({
        namespace: "a",
        name: "db-0",
        labels: {},
        controller: { kind: "StatefulSet", name: "db" },
        ips: [],
      }),
    ).toBe("pod a/db-0");
    expect(podOwner(deploymentPod("web-5d8f7c-x2x9q", "10.0.0.1"))).toBe("pod of deployment app/web");
    expect(
      podOwner({
        namespace: "a",
        name: "agent-x1",
        labels: {},
        controller: { kind: "DaemonSet", name: "agent" },
        ips: [],
      }),
    ).toBe("pod of daemonset a/agent");
  });

  it("leaves an address two owners share literal (host-network pods on one node)", () => {
    const owners = addressOwners(
      [
        { namespace: "a", name: "h1", labels: {}, ips: ["172.18.0.2"] },
        { namespace: "a", name: "h2", labels: {}, ips: ["172.18.0.2"] },
        { namespace: "a", name: "p", labels: {}, ips: ["10.244.0.3"] },
      ],
      [{ namespace: "a", name: "headless", clusterIPs: ["None"] }],
    );
    expect(owners).toEqual([{ symbol: "ip(pod a/p)", ip: "10.244.0.3" }]);
  });
});

describe("owners only one target listed", () => {
  it("stay literal on both sides, so an address both share still agrees", () => {
    const dns = { symbol: "cluster-ip(service kube-system/kube-dns)", ip: "10.96.0.10" };
    const web = { symbol: "ip(pod app/web)", ip: "10.244.1.5" };
    const [row] = parityTable(
      run(
        caseOn("reference", endpoints("10.96.0.10", "10.244.1.5"), [dns, web]),
        caseOn("local", endpoints("10.96.0.10", "10.244.0.9"), [{ ...web, ip: "10.244.0.9" }]),
      ),
    );
    expect(row!.verdict).toBe("agree");
  });
});
