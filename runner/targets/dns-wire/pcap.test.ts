import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dnsFromPcap } from "./pcap.js";

// `getent ahostsv4 nope` in a real pod of the local cluster, captured with `tcpdump -i any -w`
// (link type LINUX_SLL2): the glibc search-list walk, every query NXDOMAIN.
const capture = Buffer.from(
  readFileSync(join(import.meta.dirname, "fixtures/walk-nope.pcap.b64"), "utf8").trim(),
  "base64",
);

describe("DNS out of a packet capture", () => {
  it("reads tcpdump's Linux cooked v2 capture of a resolver walk: queries and replies in order", () => {
    const lines = dnsFromPcap(capture).map(
      (c) =>
        `${c.src}:${c.msg.flags.qr ? c.srcPort : "*"} > ${c.dst}:${c.msg.flags.qr ? "*" : c.dstPort} ${c.transport} ${c.msg.flags.qr ? c.msg.rcode : "query"} ${c.msg.question[0]!.name}`,
    );
    expect(lines).toEqual([
      "10.244.0.4:* > 10.96.0.10:53 udp query nope.default.svc.cluster.local.",
      "10.96.0.10:53 > 10.244.0.4:* udp NXDOMAIN nope.default.svc.cluster.local.",
      "10.244.0.4:* > 10.96.0.10:53 udp query nope.svc.cluster.local.",
      "10.96.0.10:53 > 10.244.0.4:* udp NXDOMAIN nope.svc.cluster.local.",
      "10.244.0.4:* > 10.96.0.10:53 udp query nope.cluster.local.",
      "10.96.0.10:53 > 10.244.0.4:* udp NXDOMAIN nope.cluster.local.",
      "10.244.0.4:* > 10.96.0.10:53 udp query nope.",
      "10.96.0.10:53 > 10.244.0.4:* udp NXDOMAIN nope.",
    ]);
  });

  it("an empty or foreign file yields nothing, never throws on a short packet", () => {
    expect(dnsFromPcap(new Uint8Array(0))).toEqual([]);
    expect(dnsFromPcap(capture.subarray(0, 60))).toEqual([]);
  });
});
