import { describe, expect, it } from "vitest";
import { scriptedRunner } from "./commands.js";
import { Kubectl } from "./kubectl.js";
import { applyWithStatus, loadBalancerStatuses } from "./lb-status.js";

const ctx = { seed: 1, workDir: "/tmp", signal: new AbortController().signal, log: () => undefined };

const manifests = `apiVersion: v1
kind: Service
metadata: { name: web-lb, namespace: shop-1 }
spec: { type: LoadBalancer, selector: { app: web }, ports: [{ port: 80 }] }
status: { loadBalancer: { ingress: [{ ip: 192.0.2.10 }] } }
---
apiVersion: v1
kind: Service
metadata: { name: plain }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
status: { loadBalancer: {} }
`;

describe("a Service manifest's load-balancer status", () => {
  it("is found where the manifest sets ingress addresses", () => {
    expect(loadBalancerStatuses(manifests)).toEqual([
      { namespace: "shop-1", name: "web-lb", loadBalancer: { ingress: [{ ip: "192.0.2.10" }] } },
    ]);
    expect(loadBalancerStatuses("kind: [unclosed")).toEqual([]);
  });

  it("is written through the status subresource after an apply that succeeded, never after a refusal", async () => {
    const ok = scriptedRunner(() => undefined);
    await applyWithStatus(new Kubectl(ok, "kubectl"), manifests, ctx, false);
    expect(ok.calls.map((c) => c.argv.slice(0, 9).join(" "))).toEqual([
      "kubectl apply -f -",
      "kubectl patch service web-lb -n shop-1 --subresource=status --type=merge -p",
    ]);
    expect(ok.calls[1]!.argv.at(-1)).toBe('{"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.10"}]}}}');
    const refused = scriptedRunner((argv) =>
      argv.includes("apply") ? { code: 1, stdout: "", stderr: "The Service is invalid" } : undefined,
    );
    await applyWithStatus(new Kubectl(refused, "kubectl"), manifests, ctx, true);
    expect(refused.calls).toHaveLength(1);
  });
});
