/**
 * A resolver walk from inside a real pod: the pod's own libc — glibc through `getent ahostsv4` (A) or
 * the `glibc-lookup` helper (AAAA), musl through the static `musl-lookup` helper, all in the local
 * base image — resolves with the
 * resolv.conf and /etc/hosts the real kubelet wrote, while tcpdump in the pod's network namespace
 * captures every DNS packet. The questions sent, in order, with the rcode that came back (TIMEOUT
 * when none did) are the walk.
 *
 * The final status follows getaddrinfo: an address → NOERROR; otherwise NODATA when some search
 * name existed without an address, SERVFAIL when a server failed, TIMEOUT when nothing answered,
 * else NXDOMAIN.
 */
import type { ResolveObs, ResolveTry } from "../../observation.js";
import { dnsFromPcap, type CapturedDns } from "../dns-wire/index.js";
import type { Kubectl } from "../kube/index.js";
import { TargetError, type TargetContext } from "../target.js";

export interface PodWalk {
  namespace: string;
  pod: string;
  name: string;
  libc: "glibc" | "musl";
  family: "A" | "AAAA";
}

/** The shell run in the pod: capture, look up, stop the capture, print the capture in base64. */
export function walkScript(w: PodWalk): string {
  // AAAA as getaddrinfo(AF_INET6) without AI_V4MAPPED (getent ahostsv6 sets it, and glibc then
  // walks on to A queries): the lookup helper, built against the pod's libc.
  const six = w.family === "AAAA" ? " -6" : "";
  const lookup =
    w.libc === "musl"
      ? `/usr/local/bin/musl-lookup${six} "$1"`
      : six
        ? `/usr/local/bin/glibc-lookup -6 "$1"`
        : `getent ahostsv4 "$1"`;
  return [
    "d=$(mktemp -d)",
    // -Z root: Debian's tcpdump otherwise drops to user tcpdump, who may not write into $d.
    // --immediate-mode: packets reach the file as they arrive, not when a capture block fills.
    `tcpdump --immediate-mode -Z root -U -n -i any -w "$d/w.pcap" 'port 53' 2>"$d/td.err" & t=$!`,
    // tcpdump says "listening on" once it captures: only then may the lookup start.
    `i=0; while ! grep -q listening "$d/td.err" 2>/dev/null; do i=$((i+1)); [ $i -gt 100 ] && break; sleep 0.05; done`,
    `${lookup} >"$d/out" 2>"$d/err"; rc=$?`,
    "sleep 0.3; kill $t; wait $t 2>/dev/null",
    `echo "rc=$rc"; echo "--out"; cat "$d/out"; echo "--err"; cat "$d/err"; echo "--capture"; cat "$d/td.err"`,
    `echo "--pcap"; base64 -w0 "$d/w.pcap"; echo; rm -rf "$d"`,
  ].join("\n");
}

function tries(captured: CapturedDns[]): ResolveTry[] {
  const queries = captured.filter((c) => !c.msg.flags.qr);
  const replies = captured.filter((c) => c.msg.flags.qr);
  return queries.map((q) => {
    const question = q.msg.question[0]!;
    const reply = replies.find(
      (r) =>
        r.msg.id === q.msg.id &&
        r.time >= q.time &&
        r.msg.question[0]?.name.toLowerCase() === question.name.toLowerCase() &&
        r.dstPort === q.srcPort,
    );
    if (reply) replies.splice(replies.indexOf(reply), 1);
    return {
      name: question.name,
      type: question.type,
      server: `${q.dst}:${q.dstPort}`,
      transport: q.transport,
      rcode: reply ? reply.msg.rcode : "TIMEOUT",
      answers: reply ? reply.msg.answer.filter((rr) => rr.type === question.type).length : 0,
      elapsedMs: reply ? Math.round((reply.time - q.time) * 1000) : 0,
    };
  });
}

function section(out: string, name: string): string {
  const m = new RegExp(`^--${name}\\n([\\s\\S]*?)(?=^--\\w+$|$(?![\\s\\S]))`, "m").exec(out);
  return m?.[1] ?? "";
}

export async function podWalk(kubectl: Kubectl, w: PodWalk, ctx: TargetContext): Promise<ResolveObs> {
  const r = await kubectl.exec(w.namespace, w.pod, ["sh", "-c", walkScript(w), "walk", w.name], ctx);
  const rc = Number(/^rc=(\d+)/m.exec(r.stdout)?.[1] ?? NaN);
  if (Number.isNaN(rc))
    throw new TargetError(
      `the resolver walk in pod ${w.namespace}/${w.pod} did not run (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`,
      "internal",
    );
  const capture = section(r.stdout, "capture");
  if (!/listening on/.test(capture))
    throw new TargetError(
      `tcpdump did not capture in pod ${w.namespace}/${w.pod}: ${capture.trim() || "no output"}`,
      "internal",
    );
  const lines = section(r.stdout, "out").split("\n").filter(Boolean);
  const answer = [...new Set(lines.map((l) => l.split(/\s+/)[0]!))];
  const canon = lines[0]?.split(/\s+/)[2];
  const walk = tries(dnsFromPcap(Buffer.from(section(r.stdout, "pcap").trim(), "base64")));
  const rcode = answer.length
    ? "NOERROR"
    : walk.some((t) => t.rcode === "NOERROR")
      ? "NODATA"
      : walk.some((t) => t.rcode === "SERVFAIL")
        ? "SERVFAIL"
        : walk.length && walk.every((t) => t.rcode === "TIMEOUT")
          ? "TIMEOUT"
          : "NXDOMAIN";
  const err = section(r.stdout, "err").trim();
  return {
    kind: "resolve",
    libc: w.libc,
    source: answer.length ? (walk.some((t) => t.answers > 0) ? "dns" : "hosts") : "none",
    answer,
    rcode,
    canonicalName: canon ? `${canon.replace(/\.$/, "")}.` : undefined,
    tries: walk,
    elapsedMs: walk.reduce((t, x) => t + x.elapsedMs, 0),
    reasons: [
      `${w.libc} getaddrinfo(${w.name}, ${w.family === "AAAA" ? "AF_INET6" : "AF_INET"}) in the pod exit ${rc}${err ? `: ${err}` : ""}`,
    ],
  };
}
