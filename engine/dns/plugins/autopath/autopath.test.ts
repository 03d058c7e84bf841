import { describe, it, expect } from "vitest";
import type { ClusterView, Pod } from "../../../cluster/index.js";
import type { DnsRequest } from "../../plugin.js";
import { cannedNext, dig, directive, request, rr, testEnv } from "../testing/index.js";
import { autopathPlugin } from "./index.js";

// autopath.go + kubernetes AutoPath (code reading).
const pod = { metadata: { namespace: "shop" } } as Pod;
const cluster = { podsByIP: (ip: string) => (ip === "10.244.0.5" ? [pod] : []) } as unknown as ClusterView;
const block = (pods: string) => ({
  zones: ["cluster.local."],
  port: 53,
  scheme: "dns://",
  line: 1,
  directives: [
    {
      name: "kubernetes",
      args: ["cluster.local"],
      block: [{ name: "pods", args: [pods], block: [], line: 3 }],
      line: 2,
    },
  ],
});
// Only api.shop.svc.cluster.local. exists below.
const seen: string[] = [];
const next = (req: DnsRequest) => {
  seen.push(req.qname);
  return req.qname === "api.shop.svc.cluster.local."
    ? cannedNext((r) => ({ answer: [rr(r.qname, "A", 5, "10.96.3.4")] }))(req)
    : cannedNext(() => ({ rcode: "NXDOMAIN" }))(req);
};

describe("autopath @kubernetes", () => {
  it("walks the client pod's search path server-side and answers with a CNAME", () => {
    const env = testEnv({
      cluster,
      hostResolvConf: { nameservers: ["172.18.0.1"], search: ["corp.example"], options: [] },
    });
    const p = autopathPlugin.setup(directive("autopath @kubernetes"), block("verified"), env);
    seen.length = 0;
    // The client's first search-path query: api.<ns>.svc.cluster.local. is under search[0] directly.
    const r = dig(p.serve(request("api.default.shop.svc.cluster.local."), next));
    expect(seen).toEqual([
      "api.default.shop.svc.cluster.local.",
      "api.default.svc.cluster.local.",
      "api.default.cluster.local.",
      "api.default.corp.example.",
      "api.default.",
    ]);
    expect(r.status).toBe("NXDOMAIN");
    seen.length = 0;
    const hit = dig(p.serve(request("api.shop.shop.svc.cluster.local."), next));
    expect(hit.answer).toEqual([
      "api.shop.shop.svc.cluster.local. 5 IN CNAME api.shop.svc.cluster.local.",
      "api.shop.svc.cluster.local. 5 IN A 10.96.3.4",
    ]);
  });

  it("does nothing without pods verified or for unknown clients", () => {
    const env = testEnv({ cluster });
    const p = autopathPlugin.setup(directive("autopath @kubernetes"), block("insecure"), env);
    seen.length = 0;
    p.serve(request("api.shop.shop.svc.cluster.local."), next);
    expect(seen).toEqual(["api.shop.shop.svc.cluster.local."]);
  });
});
