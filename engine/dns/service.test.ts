import { describe, expect, it } from "vitest";
import { createClock, createRng } from "../support/index.js";
import { createDnsService, makeQuery } from "./index.js";
import type { DnsMessage } from "./index.js";
import { CorefileError, CorefileUnmodelled } from "./plugin.js";
import type { FakeCluster } from "./plugins/kubernetes/test-cluster.js";
import { handlerTestCluster } from "./plugins/kubernetes/test-fixtures.js";
import { digText } from "./plugins/kubernetes/test-dig.js";
import { encodeMessage, decodeMessage } from "./wire/index.js";

function service(corefile: string, cluster: FakeCluster = handlerTestCluster()) {
  return createDnsService({
    corefile: { path: "Corefile", text: corefile, line: 1, column: 1 },
    env: {
      cluster,
      clock: createClock(),
      rng: createRng(7),
      upstream: [{ name: "ext.interwebs.test", type: "A", data: "1.2.3.4", ttl: 60 }],
      hostResolvConf: { nameservers: ["192.0.2.53"], search: [], options: [] },
      selfAddresses: ["10.244.0.2"],
    },
  });
}

const meta = { clientIp: "10.244.1.9", transport: "udp" as const, port: 53 };

const KUBEADM = `.:53 {
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
}`;

describe("DNS service: server core", () => {
  it("kubeadm's Corefile answers cluster names from the kubernetes plugin, through cache", () => {
    const s = service(KUBEADM);
    const out = s.query(makeQuery({ name: "svc1.testns.svc.cluster.local", type: "A" }), meta);
    expect(digText(out.reply)).toBe(
      ";; status: NOERROR, flags: qr aa rd\n;; ANSWER:\nsvc1.testns.svc.cluster.local. 30 IN A 10.0.0.1",
    );
    expect(out.reasons).toContain("server block .:53");
    expect(s.ports()).toEqual([53]);
  });

  it("ExternalName targets outside the zone are resolved through the server's own chain (forward)", () => {
    const s = service(KUBEADM);
    const out = s.query(makeQuery({ name: "external.testns.svc.cluster.local", type: "A" }), meta);
    expect(out.reply?.answer.map((r) => r.type)).toEqual(["CNAME", "A"]);
    expect(out.reply?.answer[1]?.data).toEqual({ type: "A", address: "1.2.3.4" });
  });

  it("picks the block of the longest zone; no match and no root block → REFUSED with the question", () => {
    const s = service(`cluster.local:53 {\n kubernetes\n}\nexample.org:53 {\n whoami\n}`);
    const a = s.query(makeQuery({ name: "SVC1.testns.svc.cluster.local", type: "A" }), meta);
    expect(a.reasons[0]).toBe("server block cluster.local.:53");
    const r = s.query(makeQuery({ name: "google.com", type: "A" }), meta);
    expect(r.reply?.rcode).toBe("REFUSED");
    expect(r.reply?.question).toEqual([{ name: "google.com.", type: "A", class: "IN" }]);
    expect(
      s.query(makeQuery({ name: "x.cluster.local", type: "A" }), { ...meta, port: 5353 }).reply,
    ).toBeUndefined();
  });

  it("falling off the chain is SERVFAIL; header checks give FORMERR / NOTIMP", () => {
    const s = service(`. {\n kubernetes cluster.local {\n  fallthrough\n }\n}`);
    const r = s.query(makeQuery({ name: "nope.cluster.local", type: "A" }), meta);
    expect(r.reply?.rcode).toBe("SERVFAIL");
    expect(r.reasons.join("\n")).toMatch(/no next plugin found/);
    const two: DnsMessage = makeQuery({ name: "a.", type: "A" });
    two.question.push({ name: "b.", type: "A", class: "IN" });
    expect(s.query(two, meta).reply?.rcode).toBe("FORMERR");
    expect(s.query({ ...makeQuery({ name: "a.", type: "A" }), opcode: "UPDATE" }, meta).reply?.rcode).toBe(
      "NOTIMP",
    );
  });

  it("unknown directives and bad kubernetes options fail like CoreDNS, naming the line", () => {
    expect(() => service(". {\n  frobnicate\n}")).toThrow(
      new CorefileError("Unknown directive 'frobnicate'", 2),
    );
    expect(() => service(". {\n kubernetes cluster.local {\n  ttl 3601\n }\n}")).toThrow(
      /ttl must be in range \[0, 3600\]: 3601/,
    );
    expect(() => service(". {\n kubernetes cluster.local {\n  bogus\n }\n}")).toThrow(
      /unknown property 'bogus'/,
    );
    expect(() => service(". {\n kubernetes cluster.local\n kubernetes example.org\n}")).toThrow(
      /only be used once/,
    );
    expect(() => service(". {\n kubernetes in-addr.arpa\n}")).toThrow(/non-reverse zone name must be used/);
    expect(() =>
      service(
        ". {\n kubernetes cluster.local {\n  kubeconfig /x ctx\n  endpoint https://1.2.3.4\n  tls a b c\n  apiserver_qps 5\n }\n}",
      ),
    ).not.toThrow();
  });

  it("handleWire: answers packets, FORMERR for a garbled body with a good header, drops short junk", () => {
    const s = service(KUBEADM);
    const q = encodeMessage(makeQuery({ name: "svc1.testns.svc.cluster.local", type: "A", id: 4242 }));
    const reply = decodeMessage(s.handleWire(q, meta)!);
    expect(reply.id).toBe(4242);
    expect(reply.answer[0]?.data).toEqual({ type: "A", address: "10.0.0.1" });
    const garbled = new Uint8Array([...q.slice(0, 12), 0xff, 0xff, 0xff]);
    const fe = decodeMessage(s.handleWire(garbled, meta)!);
    expect(fe.rcode).toBe("FORMERR");
    expect(fe.id).toBe(4242);
    expect(s.handleWire(new Uint8Array([1, 2, 3]), meta)).toBeUndefined();
  });

  it("handleWire: a name with a dot or a 0xff byte inside a label is answered, its bytes echoed", () => {
    // CoreDNS 1.14.7 answers these with the name escaped (checked with the real binary, docs/hardening.md);
    // its kubernetes plugin splits a\.b.testns.svc as dns.SplitDomainName does (parse.go parseRequest).
    const s = service(KUBEADM);
    for (const name of ["a\\.b.testns.svc.cluster.local.", "\\255svc1.testns.svc.cluster.local."]) {
      const q = encodeMessage(makeQuery({ name, type: "A", id: 77 }));
      const raw = s.handleWire(q, meta)!;
      const reply = decodeMessage(raw);
      expect([reply.rcode, reply.question[0]!.name]).toEqual(["NXDOMAIN", name]);
      expect(Buffer.from(raw.subarray(12, q.length))).toEqual(Buffer.from(q.subarray(12)));
    }
    expect(s.status().log.filter((l) => l.startsWith("[ERROR]"))).toEqual([]);
  });

  it("non-IN classes are REFUSED unless chaos or forward is loaded (server.go EnableChaos)", () => {
    const q = makeQuery({ name: "version.bind", type: "TXT", class: "CH" });
    const plain = service(`. {\n kubernetes cluster.local\n}`);
    expect(plain.query(q, meta).reply?.rcode).toBe("REFUSED");
    const withChaos = service(`. {\n chaos CoreDNS-1.14.7\n kubernetes cluster.local\n}`);
    const r = withChaos.query(q, meta).reply;
    expect(r?.rcode).toBe("NOERROR");
    expect(r?.answer[0]?.class).toBe("CH");
  });

  it("status reports running and ready", () => {
    const st = service(KUBEADM).status();
    expect(st.running).toBe(true);
  });
});

describe("DNS service: plugins the reference does not model", () => {
  it("a plugin.cfg plugin without a port is CorefileUnmodelled at its line, saying what real targets do", () => {
    const e = (() => {
      try {
        service(`. {\n    whoami\n    secondary example.org {\n        transfer from 10.0.0.1\n    }\n}`);
      } catch (x) {
        return x as CorefileError;
      }
    })();
    expect(e).toBeInstanceOf(CorefileUnmodelled);
    expect(e?.line).toBe(3);
    expect(e?.message).toBe(
      "plugin/secondary is not modelled by the reference engine yet: the reference target skips this suite, real CoreDNS runs it on real targets (or serve the zone with `file`)",
    );
  });

  it("an unknown directive stays a Corefile error (real CoreDNS refuses it too)", () => {
    expect(() => service(`. {\n    whoamI\n}`)).toThrow(
      expect.not.objectContaining({ name: "CorefileUnmodelled" }),
    );
    expect(() => service(`. {\n    whoamI\n}`)).toThrow("Unknown directive 'whoamI'");
  });
});
