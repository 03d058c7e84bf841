import { describe, expect, it } from "vitest";
import { localCorefile } from "./corefile-rewrite.js";

const o = {
  host: "127.53.0.7",
  port: 53,
  kubeconfig: "/w/kubeconfig",
  context: "netspec-local",
  upstream: "127.0.0.1:40053",
};

const kubeadm = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
`;

describe("the scenario's Corefile on loopback", () => {
  it("kubeadm's default: listens on the target's address, reads the local API, forwards to the modelled upstream, drops fixed-port plugins", () => {
    expect(localCorefile(kubeadm, o)).toBe(`.:53 {
    bind 127.53.0.7
    errors
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig /w/kubeconfig netspec-local
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    forward . 127.0.0.1:40053 {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
`);
  });

  it("OpenShift's port 5353 blocks and stub zones all move to the target's port; comments go", () => {
    const text = `# foo-server
foo.com:5353 {
    prometheus 127.0.0.1:9153
    forward . 1.1.1.1 2.2.2.2 {
        policy random
    }
}
.:5353 {
    kubernetes cluster.local in-addr.arpa ip6.arpa
}
hostname.bind:5353 {
    chaos
}
`;
    expect(localCorefile(text, { ...o, port: 41000 })).toBe(`
foo.com:41000 {
    bind 127.53.0.7
    forward . 127.0.0.1:40053 {
        policy random
    }
}
.:41000 {
    bind 127.53.0.7
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig /w/kubeconfig netspec-local
    }
}
hostname.bind:41000 {
    bind 127.53.0.7
    chaos
}
`);
  });

  it("renamed namespaces follow into `namespaces` and in-cluster names", () => {
    const text = `.:53 {
    kubernetes cluster.local {
        namespaces default foo
    }
    rewrite name bar.example.com bar.foo.svc.cluster.local
}`;
    const out = localCorefile(text, {
      ...o,
      namespace: (n) => (n === "default" ? n : `c1-${n}`),
      name: (t) => t.replace(".foo.svc", ".c1-foo.svc"),
    });
    expect(out).toContain("namespaces default c1-foo");
    expect(out).toContain("rewrite name bar.example.com bar.c1-foo.svc.cluster.local");
  });
});
