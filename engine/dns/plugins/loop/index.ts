/**
 * plugin/loop (loop.go, setup.go, README):
 * - the probe name is `<rand>.<rand>.<zone>` for the block's first zone (Go rand.Int() decimals);
 * - at startup (OnStartup) the server sends `HINFO <probe>` to its own listen address; the model sends
 *   it once through env.selfQuery, which follows whatever forward does with it;
 * - ServeDNS counts HINFO queries for the probe name; when it is seen more than twice the process exits
 *   with `log.Fatalf("Loop (%s -> %s) detected for zone %q, see https://coredns.io/plugins/loop#troubleshooting. Query: \"HINFO %s\"")`;
 *   the model records that line and `startup()` returns it as `fatal` (→ CrashLoopBackOff);
 * - the remote address is the forwarding socket's (an ephemeral port from the seeded rng when the
 *   server core does not model the client port);
 * - after the first successful exchange the plugin disables itself (CoreDNS: ~2s later), so only loops
 *   present at startup are detected. Here it is disabled as soon as startup() returns.
 */
import type { DnsMessage } from "../../message.js";
import type { DnsRequest, Next, PluginFactory } from "../../plugin.js";
import { maxArgs, noBlock } from "../shared/index.js";
import type { Rng } from "../../../support/index.js";

/** Whether a name has no empty label (other than the root's). */
function packable(name: string): boolean {
  return !name.replace(/\.$/, "").split(".").includes("");
}

/** A decimal like Go's rand.Int() (non-negative 63-bit). */
function goRandInt(rng: Rng): string {
  const hi = BigInt(rng.int(2 ** 31));
  const lo = BigInt(rng.int(2 ** 32));
  return ((hi << 32n) | lo).toString();
}

export const loopPlugin = {
  name: "loop",
  setup(d, block, env) {
    maxArgs(d, 0);
    noBlock(d);
    const zone = block.zones[0] ?? ".";
    const rng = env.rng.fork(`loop:${d.line}`);
    const qname = `${goRandInt(rng)}.${goRandInt(rng)}.${zone === "." ? "" : zone}`;
    let seen = 0;
    let disabled = false;
    let fatal: string | undefined;
    const listen = `:${block.port}`;
    return {
      name: "loop",
      probeName: qname,
      serve(req: DnsRequest, next: Next) {
        if (req.qtype !== "HINFO" || disabled) return next(req);
        if (req.qname.toLowerCase() === qname.toLowerCase()) seen++;
        if (seen > 2) {
          fatal ??=
            `[FATAL] plugin/loop: Loop (${req.clientIp}:${req.clientPort ?? rng.int(28232) + 32768} -> ${listen}) detected for zone ${JSON.stringify(zone)}, ` +
            `see https://coredns.io/plugins/loop#troubleshooting. Query: "HINFO ${req.qname}"`;
          // The real process is gone at this point; unwind the recursion without an answer.
          return { kind: "drop" as const, by: "loop", notes: [fatal] };
        }
        return next(req);
      },
      startup() {
        disabled = true;
        // A zone with an empty label (`.3 {`) makes a probe name miekg/dns cannot pack: loop.go's
        // exchange fails each try until setup.go's 30 s deadline and the plugin disables itself.
        if (!packable(qname)) return {};
        disabled = false;
        const probe: DnsMessage = {
          id: rng.int(65536),
          opcode: "QUERY",
          rcode: "NOERROR",
          flags: { qr: false, aa: false, tc: false, rd: true, ra: false, ad: false, cd: false },
          question: [{ name: qname, type: "HINFO", class: "IN" }],
          answer: [],
          authority: [],
          additional: [],
        };
        env.selfQuery(probe);
        disabled = true;
        if (fatal) env.log(fatal);
        return fatal ? { fatal } : {};
      },
    };
  },
} satisfies PluginFactory;
