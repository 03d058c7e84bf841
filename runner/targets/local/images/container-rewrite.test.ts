import { describe, expect, it } from "vitest";
import { agnhostRewrite, repositoryOf } from "./container-rewrite.js";

describe("containers whose image is not ours", () => {
  it("finds the repository of an image reference", () => {
    expect(repositoryOf("nginx")).toBe("nginx");
    expect(repositoryOf("docker.io/library/nginx:1.27@sha256:abc")).toBe("library/nginx");
    expect(repositoryOf("localhost:5000/team/app:v1")).toBe("team/app");
    expect(repositoryOf("registry.k8s.io/e2e-test-images/agnhost:2.52")).toBe("e2e-test-images/agnhost");
  });

  it("serves one TCP port with agnhost serve-hostname, as the NetworkPolicy e2e pods do", () => {
    expect(
      agnhostRewrite({ name: "web", image: "nginx:1.27", ports: [{ containerPort: 80 }] }, { sctp: false }),
    ).toEqual({
      container: "web",
      command: ["/agnhost", "serve-hostname", "--tcp", "--http=false", "--port", "80"],
      env: [],
      reason: "image nginx:1.27 is not made here: agnhost serves 80/TCP",
      unsupported: [],
    });
  });

  it("serves TCP and UDP on one port from one process, several ports from a shell that ends them all", () => {
    const r = agnhostRewrite(
      {
        name: "dns",
        image: "quay.io/x/dns",
        args: ["--verbose"],
        ports: [
          { containerPort: 53, protocol: "UDP" },
          { containerPort: 53, protocol: "TCP" },
          { containerPort: 9153 },
        ],
      },
      { sctp: false },
    )!;
    expect(r.command).toEqual([
      "/bin/sh",
      "-c",
      "trap 'trap - TERM INT; kill 0; exit 0' TERM INT; /agnhost serve-hostname --tcp --udp --http=false --port 53 & /agnhost serve-hostname --tcp --http=false --port 9153 & wait",
    ]);
    expect(r.reason).toBe("image quay.io/x/dns is not made here: agnhost serves 53/TCP, 53/UDP, 9153/TCP");
  });

  it("SCTP: porter where the kernel has it, listed as unsupported where it does not", () => {
    const c = { name: "s", image: "sctp-app", ports: [{ containerPort: 9999, protocol: "SCTP" }] };
    expect(agnhostRewrite(c, { sctp: false })).toMatchObject({
      command: ["/agnhost", "pause"],
      unsupported: ["9999/SCTP: this kernel has no SCTP"],
    });
    expect(agnhostRewrite(c, { sctp: true })).toMatchObject({
      command: ["/agnhost", "porter"],
      env: [{ name: "SERVE_SCTP_PORT_9999", value: "netspec" }],
      unsupported: [],
    });
  });

  it("an agnhost container without a command serves its declared ports (its image's CMD would only pause)", () => {
    const c = {
      name: "cont-80-tcp",
      image: "registry.k8s.io/e2e-test-images/agnhost:2.47",
      ports: [{ containerPort: 80 }, { containerPort: 80, protocol: "UDP" }],
    };
    expect(agnhostRewrite(c, { sctp: false })).toMatchObject({
      command: ["/agnhost", "serve-hostname", "--tcp", "--udp", "--http=false", "--port", "80"],
      reason:
        "agnhost image registry.k8s.io/e2e-test-images/agnhost:2.47 without a command would only pause: agnhost serves 80/TCP, 80/UDP",
    });
    expect(agnhostRewrite({ ...c, args: ["netexec"] }, { sctp: false })).toBeUndefined();
  });

  it("leaves our images and containers with a command of their own alone; no ports means pause", () => {
    expect(
      agnhostRewrite({ name: "a", image: "registry.k8s.io/e2e-test-images/agnhost:2.45" }, { sctp: false }),
    ).toBeUndefined();
    expect(
      agnhostRewrite({ name: "p", image: "registry.k8s.io/pause:3.9" }, { sctp: false }),
    ).toBeUndefined();
    expect(
      agnhostRewrite({ name: "b", image: "busybox", command: ["sleep", "3600"] }, { sctp: false }),
    ).toBeUndefined();
    expect(agnhostRewrite({ name: "b", image: "busybox" }, { sctp: false })?.command).toEqual([
      "/agnhost",
      "pause",
    ]);
  });
});
