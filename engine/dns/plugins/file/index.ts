/**
 * plugin/file (CoreDNS 1.14.7 plugin/file/file.go ServeDNS, xfr.go Transfer, reload.go): serves zones
 * read from RFC 1035 master files.
 * - a name outside the plugin's zones goes on (REFUSED when file is the chain's last handler);
 * - AXFR/IXFR are REFUSED here (the `transfer` plugin, earlier in the chain, answers them);
 * - NOTIFY is dropped unanswered (no `transfer from` secondaries are modelled);
 * - Zone.Lookup decides the sections (lookup.ts); every reply is authoritative except a referral;
 *   NXDOMAIN for a name error; a server failure without an answer is SERVFAIL left unwritten;
 * - `fallthrough`: an empty Success/NameError result for a fallthrough zone goes on;
 * - every `reload` interval the zone file is read again, replacing the zone when its SOA serial moved.
 */
import { pluginRank } from "../../order.js";
import type {
  Directive,
  DnsRequest,
  DnsResult,
  Next,
  Plugin,
  PluginEnv,
  PluginFactory,
  ServerBlock,
} from "../../plugin.js";
import { clientOf, isFirst, isSubdomain, matchZone, newWithQuestion, replyTo } from "../shared/index.js";
import { addTransferer, type TransferStream } from "../transfer/registry.js";
import { ZoneLookup } from "./lookup.js";
import type { Upstream } from "./lookup.js";
import { loadZone, parseFile } from "./setup.js";
import type { FileConfig, FileZone } from "./setup.js";

/**
 * Directives after file in plugin.cfg that install no handler (`on`, `sign`). `view` does
 * (plugin/view/setup.go AddPlugin): behind it file's Next is the view, whose NextOrFailure then
 * answers SERVFAIL, not file's REFUSED (found by difftest --corefiles, case 1:109).
 */
const NOT_HANDLERS = new Set(["on", "sign"]);

/** dnsserver.LoopKey: the CNAME depth carried through upstream lookups into the chain again. */
let activeLoop = 0;

class File implements Plugin {
  readonly name = "file";
  private readonly started: number;
  private readonly checked = new Map<string, number>();

  constructor(
    private readonly cfg: FileConfig,
    private readonly env: PluginEnv,
    private readonly first: Directive,
    /** No handler follows file in this block: CoreDNS's f.Next is nil. */
    private readonly last: boolean,
  ) {
    this.started = env.clock.now();
  }

  serve(req: DnsRequest, next: Next): DnsResult {
    const qname = req.qname.toLowerCase();
    const zone = matchZone(this.cfg.names, qname);
    if (zone === undefined) {
      if (this.last)
        return {
          kind: "error",
          rcode: "REFUSED",
          by: this.name,
          notes: ["plugin/file: no zone and no next plugin"],
        };
      return next(req);
    }
    const fz = this.cfg.zones.get(zone)!;
    this.reload(fz);
    if (req.qtype === "AXFR" || req.qtype === "IXFR")
      return {
        kind: "error",
        rcode: "REFUSED",
        by: this.name,
        notes: ["plugin/file: zone transfers are the transfer plugin's"],
      };
    if (req.msg.opcode === "NOTIFY")
      return {
        kind: "drop",
        by: this.name,
        notes: [`plugin/file: Dropping notify from ${req.clientIp} for ${zone}`],
      };
    const r = new ZoneLookup(fz.zone, this.upstream(req)).lookup(qname, req.qtype, activeLoop);
    const fall = this.cfg.fall;
    if (
      !r.answer.length &&
      (r.result === "NameError" || r.result === "Success") &&
      fall?.some((f) => isSubdomain(f, qname))
    )
      return next(req);
    const m = replyTo(req.msg);
    m.flags.aa = true;
    m.answer = r.answer;
    m.authority = r.ns;
    m.additional = r.extra;
    switch (r.result) {
      case "NameError":
        m.rcode = "NXDOMAIN";
        break;
      case "Delegation":
        if (!m.answer.length) m.flags.aa = false;
        break;
      case "ServerFailure":
        if (!m.answer.length)
          return {
            kind: "error",
            rcode: "SERVFAIL",
            by: this.name,
            notes: [`plugin/file: ${zone} has no SOA (not loaded)`],
          };
        m.rcode = "SERVFAIL";
        break;
      default:
    }
    return { kind: "reply", msg: m, by: this.name, notes: [`plugin/file: ${r.result} in zone ${zone}`] };
  }

  /** xfr.go File.Transfer: only for a zone the plugin holds exactly. */
  transfer(zone: string, serial: number): TransferStream {
    const fz = this.cfg.zones.get(zone.toLowerCase());
    if (!fz) return "not-authoritative";
    this.reload(fz);
    const z = fz.zone;
    const soa = z.soaData();
    if (!z.soa || !soa) return { error: "no SOA" };
    if (serial !== 0 && soa.serial === serial) return [[z.soa]];
    return z.transferRecords()!.map((rr) => [rr]);
  }

  /** reload.go: on each tick of the interval, read the file again; a new SOA serial replaces the zone. */
  private reload(fz: FileZone): void {
    if (fz.reloadMs <= 0) return;
    const tick = Math.floor((this.env.clock.now() - this.started) / fz.reloadMs);
    if (tick <= (this.checked.get(fz.origin) ?? 0)) return;
    this.checked.set(fz.origin, tick);
    const text = this.env.readFile?.(fz.path);
    if (text === undefined) {
      this.env.log(
        `[ERROR] plugin/file: Failed to open zone "${fz.origin}" in "${fz.path}": no such file or directory`,
      );
      return;
    }
    try {
      const z = loadZone(this.first, text, fz.origin, fz.path, this.env);
      const before = fz.zone.soaData()?.serial;
      if (!fz.byMtime && before !== undefined && z.soaData()?.serial === before) return;
      fz.zone = z;
      this.env.log(
        `[INFO] plugin/file: Successfully reloaded zone "${fz.origin}" in "${fz.path}" with ${z.soaData()!.serial} SOA serial`,
      );
    } catch (e) {
      this.env.log(`[ERROR] plugin/file: Parsing zone "${fz.origin}": ${(e as Error).message}`);
    }
  }

  /** plugin/pkg/upstream Lookup: the question re-asked through the server's own chain. */
  private upstream(req: DnsRequest): Upstream {
    return (name, qtype, loop) => {
      const q = newWithQuestion(req.msg, name, qtype);
      const saved = activeLoop;
      activeLoop = loop;
      try {
        const r = this.env.selfQuery(q, clientOf(req));
        return r.kind === "reply" ? r.msg : undefined;
      } finally {
        activeLoop = saved;
      }
    };
  }
}

/** A pass-through for the second and later `file` directives (the first one holds them all). */
const passThrough: Plugin = { name: "file", serve: (req, next) => next(req) };

/** Whether no handler follows `file` in the block's plugin.cfg order. */
function fileIsLast(block: ServerBlock): boolean {
  const own = pluginRank("file")!;
  return !block.directives.some((d) => (pluginRank(d.name) ?? -1) > own && !NOT_HANDLERS.has(d.name));
}

export const filePlugin: PluginFactory = {
  name: "file",
  setup(d, block, env) {
    if (!isFirst(d, block)) return passThrough;
    const plugin = new File(parseFile(d, block, env), env, d, fileIsLast(block));
    addTransferer(block, "file", (zone, serial) => plugin.transfer(zone, serial));
    return plugin;
  },
};
