/**
 * dig against a whole Corefile: the full plugin registry, the server core (block selection, plugin.cfg
 * order, bare error replies, the ScrubWriter) and a reply rendered as dig prints it, OPT pseudo-section
 * included, so plugin tests read like `dig @coredns name type`.
 */
import type { ClusterView } from "../../../cluster/index.js";
import { createClock, createRng } from "../../../support/index.js";
import type { Clock, UpstreamEntry } from "../../../support/index.js";
import type { DnsMessage } from "../../message.js";
import { makeQuery, presentLine } from "../../present.js";
import { createDnsServiceWith } from "../../service.js";
import type { DnsService } from "../../service.js";
import { pluginFactories } from "../index.js";

export interface DigOptions {
  clientIp?: string;
  transport?: "udp" | "tcp";
  /** EDNS0 UDP size (adds an OPT record). */
  bufsize?: number;
  /** Ask for the server's NSID (adds an empty NSID option, dig +nsid). */
  nsid?: boolean;
  rd?: boolean;
  class?: string;
}

export interface CorefileDig {
  service: DnsService;
  /** dig's view of the reply: `;; status: ..., flags: ...`, then OPT and each non-empty section. */
  dig(name: string, type: string, opts?: DigOptions): string;
}

/** EDNS option codes dig names. */
const OPTION_NAMES: Record<number, string> = { 3: "NSID", 15: "EDE" };

function optionText(o: { code: number; data: Uint8Array }): string {
  const name = OPTION_NAMES[o.code] ?? `OPT${o.code}`;
  if (o.code === 3) return `${name}: "${new TextDecoder().decode(o.data)}"`;
  if (o.code === 15) return `${name}: ${(o.data[0]! << 8) | o.data[1]!}`;
  return `${name}: ${Buffer.from(o.data).toString("hex")}`;
}

export function digText(m: DnsMessage | undefined): string {
  if (!m) return ";; no reply (timed out)";
  const flags = (["qr", "aa", "tc", "rd", "ra", "ad", "cd"] as const).filter((k) => m.flags[k]);
  const out = [`;; status: ${m.rcode}, flags: ${flags.join(" ")}`];
  if (m.edns) {
    const opts = m.edns.options.map(optionText);
    out.push(
      `;; OPT: udp ${m.edns.udpSize}${m.edns.do ? ", do" : ""}${opts.length ? `, ${opts.join(", ")}` : ""}`,
    );
  }
  const section = (title: string, rrs: DnsMessage["answer"]) => {
    if (rrs.length) out.push(`;; ${title}:`, ...rrs.map((r) => presentLine(r).replace(/\s+/g, " ")));
  };
  section("ANSWER", m.answer);
  section("AUTHORITY", m.authority);
  section("ADDITIONAL", m.additional);
  return out.join("\n");
}

export function corefileDig(
  corefile: string,
  over: {
    cluster?: ClusterView;
    upstream?: UpstreamEntry[];
    selfAddresses?: string[];
    hostname?: string;
    /** The CoreDNS process's files by path (zone files). */
    files?: Record<string, string>;
    /** The virtual clock (reload tests advance it). */
    clock?: Clock;
  } = {},
): CorefileDig {
  const service = createDnsServiceWith(
    {
      corefile: { path: "Corefile", text: corefile, line: 1, column: 1 },
      env: {
        cluster: over.cluster ?? ({} as ClusterView),
        clock: over.clock ?? createClock(),
        rng: createRng(1),
        upstream: over.upstream ?? [],
        hostResolvConf: { nameservers: ["192.0.2.53"], search: [], options: [] },
        selfAddresses: over.selfAddresses ?? ["10.244.0.2"],
        ...(over.hostname ? { hostname: over.hostname } : {}),
        ...(over.files ? { readFile: (p: string) => over.files?.[p] } : {}),
      },
    },
    pluginFactories,
  );
  return {
    service,
    dig(name, type, opts = {}) {
      const q = makeQuery({
        name,
        type,
        id: 7,
        rd: opts.rd ?? true,
        ...(opts.bufsize ? { bufsize: opts.bufsize } : {}),
        ...(opts.class ? { class: opts.class } : {}),
      });
      if (opts.nsid) {
        q.edns ??= { udpSize: 1232, do: false, options: [] };
        q.edns.options.push({ code: 3, data: new Uint8Array() });
      }
      const out = service.query(q, {
        clientIp: opts.clientIp ?? "10.244.1.9",
        transport: opts.transport ?? "udp",
        port: 53,
      });
      return digText(out.reply);
    },
  };
}

/** The located Corefile error a Corefile raises (`line N: message`), or "ok". */
export function corefileError(corefile: string): string {
  try {
    corefileDig(corefile);
    return "ok";
  } catch (e) {
    const x = e as { line?: number; message: string };
    return `line ${x.line}: ${x.message}`;
  }
}
