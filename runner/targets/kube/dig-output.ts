/**
 * `dig` output (the default full format) → the same DnsObs the reference target reports, so a
 * probe run inside a real pod is judged by the same matchers.
 */
import type { DnsObs, RecordObs } from "../../observation.js";

export function parseDig(text: string, fallbackServer = ""): DnsObs {
  const lines = text.split("\n");
  const base: DnsObs = {
    kind: "dns",
    server: fallbackServer,
    transport: "udp",
    timeout: false,
    rcode: "",
    flags: [],
    question: [],
    answer: [],
    authority: [],
    additional: [],
    elapsedMs: 0,
    reasons: [],
  };
  const failed = noReply(text, base);
  if (failed) return failed;
  let section: "question" | "answer" | "authority" | "additional" | undefined;
  for (const line of lines) {
    const header = /->>HEADER<<- opcode: \w+, status: (\w+)/.exec(line);
    if (header) base.rcode = header[1]!;
    const flags = /^;; flags: ([a-z ]*);/.exec(line);
    if (flags) base.flags = flags[1]!.trim().split(/\s+/).filter(Boolean);
    const server = /^;; SERVER: ([^#(\s]+)#(\d+)\S*\s*\((\w+)\)/.exec(line);
    if (server) {
      base.server = server[2] === "53" ? server[1]! : `${server[1]}:${server[2]}`;
      base.transport = server[3]!.toLowerCase() === "tcp" ? "tcp" : "udp";
    }
    const time = /^;; Query time: (\d+) msec/.exec(line);
    if (time) base.elapsedMs = Number(time[1]);
    const size = /^;; MSG SIZE\s+rcvd: (\d+)/.exec(line);
    if (size) base.size = Number(size[1]);
    const udp = /^; EDNS: .*flags:([^;]*);.*udp: (\d+)/.exec(line);
    if (udp) {
      base.ednsUdpSize = Number(udp[2]);
      base.edns = { udp: Number(udp[2]), do: /\bdo\b/.test(udp[1]!), ede: [] };
    }
    readOption(line, base);
    const title = /^;; (QUESTION|ANSWER|AUTHORITY|ADDITIONAL) SECTION:/.exec(line);
    if (title) {
      section = title[1]!.toLowerCase() as typeof section;
      continue;
    }
    if (line.trim() === "") {
      section = undefined;
      continue;
    }
    if (!section) continue;
    if (section === "question") {
      const q = /^;(\S+)\s+(\w+)\s+(\w+)/.exec(line);
      if (q) base.question.push({ name: q[1]!, class: q[2]!, type: q[3]! });
      continue;
    }
    const rr = /^(\S+)\s+(\d+)\s+(\w+)\s+(\w+)\s+(.*)$/.exec(line);
    if (rr) {
      const rec: RecordObs = {
        name: rr[1]!,
        ttl: Number(rr[2]),
        class: rr[3]!,
        type: rr[4]!,
        data: rr[5]!.trim().replace(/\s+/g, " "),
      };
      base[section].push(rec);
    }
  }
  return base;
}

/** No reply came: a timeout or a refused connection, as dig words them (no reply header printed). */
function noReply(text: string, base: DnsObs): DnsObs | undefined {
  if (/connection timed out; no servers could be reached/.test(text))
    return { ...base, timeout: true, rcode: "TIMEOUT" };
  if (/communications error to .*connection refused/.test(text) && !/->>HEADER<<-/.test(text))
    return { ...base, refused: true, rcode: "CONNREFUSED" };
  // Over TCP dig words it ";; Connection to S#P(S) for NAME failed: connection refused." (then "no
  // servers could be reached"; fixtures/dig-axfr-connection-refused.txt): refused, not a timeout.
  const tcpRefused = /^;; Connection to (\S+?)#(\d+)\S* for \S+ failed: connection refused\./m.exec(text);
  if (tcpRefused && !/->>HEADER<<-/.test(text)) {
    const server = tcpRefused[2] === "53" ? tcpRefused[1]! : `${tcpRefused[1]}:${tcpRefused[2]}`;
    return { ...base, server, transport: "tcp", refused: true, rcode: "CONNREFUSED" };
  }
  // dig 9.18+ words a timeout ";; communications error to S#53: timed out" then ";; no servers could be
  // reached" (no "connection timed out"): without a reply header that is a timeout too.
  if (/no servers could be reached/.test(text) && !/->>HEADER<<-/.test(text))
    return { ...base, timeout: true, rcode: "TIMEOUT" };
  return undefined;
}

/**
 * The OPT pseudosection's options as dig (BIND 9.18 lib/dns/message.c) prints them:
 * `; NSID: 63 6f 72 65 64 6e 73 ("coredns")` (the hex is the data; the quoted form masks
 * non-printables), `; EDE: 18 (Prohibited)` / `; EDE: 3 (Stale Answer): (text)`, and options it has
 * no name for as `; OPT=65518: 61 62 63 ("abc")`.
 */
function readOption(line: string, o: DnsObs): void {
  if (!o.edns) return;
  const nsid = /^; NSID: ((?:[0-9a-f]{2} ?)*)/i.exec(line);
  if (nsid) {
    const bytes = nsid[1]!
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((h) => parseInt(h, 16));
    o.edns.nsid = new TextDecoder().decode(new Uint8Array(bytes));
    return;
  }
  const ede = /^; EDE: (\d+)(?: \([^)]*\))?(?::\s*\(?(.*?)\)?)?\s*$/.exec(line);
  if (ede) o.edns.ede.push({ code: Number(ede[1]), ...(ede[2] ? { text: ede[2] } : {}) });
  // An option dig has no name for: `; OPT=65518: 61 62 63 ("abc")`.
  const other = /^; OPT=(\d+):((?: [0-9a-f]{2})*)/i.exec(line);
  if (other)
    (o.edns.options ??= []).push({ code: Number(other[1]), hex: other[2]!.replace(/ /g, "").toLowerCase() });
}
