/**
 * dig-like test helpers: build a CoreDNS model from a Corefile and a FakeCluster, send a query written
 * as dig's QUESTION line, and compare the reply with an expected text in dig presentation. Sections
 * are compared sorted, as CoreDNS's own test.SortAndCheck does.
 */
import { expect } from "vitest";
import type { DnsMessage, ResourceRecord } from "../../message.js";
import type { PluginFactory } from "../../plugin.js";
import { makeQuery, presentLine } from "../../present.js";
import { createDnsServiceWith } from "../../service.js";
import type { DnsService } from "../../service.js";
import { createClock, createRng } from "../../../support/index.js";
import type { FakeCluster } from "./test-cluster.js";
import { kubernetesPlugin } from "./index.js";

export interface TestDns {
  service: DnsService;
  /** `;; QUESTION: name IN TYPE` (or just `name TYPE`). */
  ask(
    question: string,
    opts?: { transport?: "udp" | "tcp"; bufsize?: number; port?: number },
  ): DnsMessage | undefined;
}

/** Build a DNS service over `cluster`; extra factories (e.g. a test upstream) join the kubernetes plugin. */
export function testDns(
  cluster: FakeCluster,
  corefile: string,
  extra: PluginFactory[] = [],
  selfAddresses: string[] = [],
  /** The kubernetes plugin's own addresses when set (CoreDNS tests' `k.localIPs`). */
  nameserverAddresses?: string[],
): TestDns {
  const service = createDnsServiceWith(
    {
      corefile: { path: "Corefile", text: corefile, line: 1, column: 1 },
      env: {
        cluster,
        clock: createClock(),
        rng: createRng(1),
        upstream: [],
        hostResolvConf: { nameservers: [], search: [], options: [] },
        selfAddresses,
        ...(nameserverAddresses ? { nameserverAddresses } : {}),
      },
    },
    [kubernetesPlugin, ...extra],
  );
  return {
    service,
    ask(question, opts = {}) {
      const m = /^(?:;;\s*QUESTION:\s*)?(\S+)\s+(?:IN\s+)?(\S+)\s*$/.exec(question.trim());
      if (!m) throw new Error(`bad question '${question}'`);
      const q = makeQuery({ name: m[1]!, type: m[2]!, ...(opts.bufsize ? { bufsize: opts.bufsize } : {}) });
      return service.query(q, {
        clientIp: "10.244.0.5",
        transport: opts.transport ?? "udp",
        port: opts.port ?? 53,
      }).reply;
    },
  };
}

const FLAG_ORDER = ["qr", "aa", "tc", "rd", "ra", "ad", "cd"] as const;

function section(title: string, rrs: ResourceRecord[]): string[] {
  const lines = rrs
    .filter((r) => r.type !== "OPT")
    .map(presentLine)
    .sort();
  return lines.length ? [`;; ${title}:`, ...lines] : [];
}

/** The reply as text: status/flags line, then the non-empty sections with sorted records. */
export function digText(m: DnsMessage | undefined): string {
  if (!m) return ";; no reply";
  const flags = FLAG_ORDER.filter((f) => m.flags[f]).join(" ");
  return [
    `;; status: ${m.rcode}, flags: ${flags}`,
    ...section("ANSWER", m.answer),
    ...section("AUTHORITY", m.authority),
    ...section("ADDITIONAL", m.additional),
  ].join("\n");
}

function normalize(text: string): string {
  const lines = text
    .split("\n")
    .map((l) => l.trim().replace(/\s+/g, " "))
    .filter((l) => l !== "");
  // Sort records within each section of the expectation too.
  const out: string[] = [];
  let block: string[] = [];
  const flush = () => {
    out.push(...block.sort());
    block = [];
  };
  for (const l of lines) {
    if (l.startsWith(";;")) {
      flush();
      out.push(l);
    } else block.push(l);
  }
  flush();
  return out.join("\n");
}

export function expectDig(reply: DnsMessage | undefined, expected: string): void {
  expect(normalize(digText(reply))).toBe(normalize(expected));
}
