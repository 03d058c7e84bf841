import { describe, expect, it } from "vitest";
import { pinsServiceAddresses } from "./pinned-addresses.js";

describe("which manifests pin a Service address", () => {
  it("finds cluster IPs and node ports in block and flow style", () => {
    expect(
      pinsServiceAddresses("kind: Service\nmetadata: { name: a }\nspec:\n  clusterIP: 10.96.0.50\n"),
    ).toBe(true);
    expect(
      pinsServiceAddresses(
        "kind: Service\nmetadata: { name: a }\nspec: { type: NodePort, ports: [{ port: 80, nodePort: 30080 }] }\n",
      ),
    ).toBe(true);
    expect(pinsServiceAddresses("kind: Service\nspec: { clusterIPs: [10.96.0.51, fd00::51] }\n")).toBe(true);
  });

  it("does not count headless Services, allocated addresses or other kinds", () => {
    expect(pinsServiceAddresses("kind: Service\nspec: { clusterIP: None, ports: [{ port: 80 }] }\n")).toBe(
      false,
    );
    expect(pinsServiceAddresses("kind: Service\nspec: { ports: [{ port: 80, targetPort: 8080 }] }\n")).toBe(
      false,
    );
    expect(
      pinsServiceAddresses(
        "kind: Pod\nspec: { nodePort: 30080 }\n---\nkind: ConfigMap\ndata: { clusterIP: 10.0.0.1 }\n",
      ),
    ).toBe(false);
  });
});
