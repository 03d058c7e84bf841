import { describe, it, expect } from "vitest";
import { testRuntime, yaml } from "./testing.js";
import { probeReadiness } from "./readiness-probe.js";

/** A pod `p` in `default` with one container `web` declaring TCP 8080 (named http) and `probe`. */
const podWith = (probe: string, ports = "[{ name: http, containerPort: 8080 }]") => `
apiVersion: v1
kind: Pod
metadata: { name: p, labels: { app: p } }
spec:
  containers:
    - name: web
      image: nginx
      ports: ${ports}
      ${probe}
---
apiVersion: v1
kind: Service
metadata: { name: s }
spec: { selector: { app: p }, ports: [{ port: 80, targetPort: 8080 }] }
`;

function start(probe: string, ports?: string) {
  const rt = testRuntime({ profile: "kubeadm" });
  rt.apply(yaml(podWith(probe, ports)));
  const pod = rt.store.pod("default", "p")!;
  const ready = pod.status.conditions.find((c) => c.type === "Ready");
  const endpoint = rt.store.endpointSlicesFor("default", "s")[0]?.endpoints[0];
  return { rt, pod, ready, endpoint };
}

describe("readiness probes, as kubelet's prober decides them on what listens", () => {
  it("a pod without a readiness probe is Running and Ready", () => {
    const { pod, ready, endpoint } = start("");
    expect(pod.status.phase).toBe("Running");
    expect(ready).toEqual({ type: "Ready", status: "True" });
    expect(endpoint?.conditions.ready).toBe(true);
  });

  it("tcpSocket on a declared port (number or name) succeeds", () => {
    expect(start("readinessProbe: { tcpSocket: { port: 8080 } }").ready?.status).toBe("True");
    expect(start("readinessProbe: { tcpSocket: { port: http } }").ready?.status).toBe("True");
  });

  it("tcpSocket on a port nothing declares never succeeds: Running, Ready=False, endpoint not ready", () => {
    const { pod, ready, endpoint } = start("readinessProbe: { tcpSocket: { port: 9999 } }");
    expect(pod.status.phase).toBe("Running");
    expect(pod.status.podIP).toMatch(/^10\.244\./);
    expect(ready).toEqual({
      type: "Ready",
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [web]",
    });
    expect(endpoint?.conditions.ready).toBe(false);
    expect(probeReadiness(pod).failures).toEqual([
      "web: readinessProbe tcpSocket :9999: connection refused (nothing listens)",
    ]);
  });

  it("a port name the container does not declare is a probe error, so a failure", () => {
    const { pod, ready } = start("readinessProbe: { httpGet: { path: /, port: metrics } }");
    expect(ready?.reason).toBe("ContainersNotReady");
    expect(probeReadiness(pod).failures).toEqual([
      'web: readinessProbe httpGet: no container port named "metrics" in container web',
    ]);
  });

  it("httpGet on a declared port is Ready, the HTTP status being assumed (and said so)", () => {
    const { pod, ready } = start("readinessProbe: { httpGet: { path: /healthz, port: 8080 } }");
    expect(ready?.status).toBe("True");
    expect(probeReadiness(pod).assumed).toEqual([
      "web: readinessProbe httpGet :8080: something listens; the HTTP status is assumed 2xx",
    ]);
  });

  it("an exec probe cannot be run by the engine: counted as succeeding, and the verdict says so", () => {
    const { pod, ready } = start("readinessProbe: { exec: { command: [cat, /tmp/ready] } }");
    expect(ready?.status).toBe("True");
    expect(probeReadiness(pod).assumed).toEqual([
      "web: readinessProbe exec is not run by the engine; counted as succeeding",
    ]);
  });

  it("a healed pod-not-ready fault does not make a pod Ready whose probe never succeeds", () => {
    const { rt, pod } = start("readinessProbe: { tcpSocket: { port: 9999 } }");
    rt.setPodReady(pod, false, "ReadinessProbeFailed");
    rt.setPodReady(rt.store.pod("default", "p")!, true);
    const ready = rt.store.pod("default", "p")!.status.conditions.find((c) => c.type === "Ready");
    expect(ready).toMatchObject({ status: "False", reason: "ContainersNotReady" });
  });
});
