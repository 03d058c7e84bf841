/**
 * `--network FILE` (serve, resolve, reach, trace): the OpenShift install's Network CR shapes the
 * cluster as `network` does in a spec's cluster block — Services and the DNS Service from its
 * serviceNetwork — and is refused on any other profile.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const network = `apiVersion: config.openshift.io/v1
kind: Network
metadata: { name: cluster }
spec:
  clusterNetwork: [{ cidr: 10.8.0.0/14, hostPrefix: 23 }]
  networkType: OVNKubernetes
  serviceNetwork: [172.31.0.0/16]
`;
const app = `apiVersion: v1
kind: Namespace
metadata: { name: app }
---
apiVersion: v1
kind: Pod
metadata: { name: client, namespace: app }
spec: { containers: [{ name: c, image: ubi }] }
`;

describe("--network", () => {
  it("takes Services and the DNS Service from the Network CR's serviceNetwork", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-network-"));
    writeFileSync(join(dir, "network.yaml"), network);
    writeFileSync(join(dir, "app.yaml"), app);
    const r = await runCli(
      ["resolve", "kubernetes.default", "A", "--from", "app/client", "--profile", "openshift"].concat([
        "--network",
        "network.yaml",
        "--manifests",
        "app.yaml",
      ]),
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("@172.31.0.10 udp");
    expect(r.stdout).toContain("Address: 172.31.0.1");
    const bad = await runCli(
      ["resolve", "x", "--from", "app/client", "--network", "network.yaml", "--manifests", "app.yaml"],
      dir,
    );
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain(
      "--network is the OpenShift install's Network CR: use it with --profile openshift",
    );
  });
});
