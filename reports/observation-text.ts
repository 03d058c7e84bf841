/** Observations printed the way an operator reads them: dig output, resolver walks, hop traces. */
import type { Observation, RecordObs } from "../runner/index.js";

export function formatObservation(obs: Observation): string[] {
  switch (obs.kind) {
    case "dns": {
      if (obs.refused)
        return [
          `;; communications error to ${obs.server}#53: connection refused`,
          ";; no servers could be reached",
        ];
      if (obs.timeout)
        return [`;; connection timed out; no servers could be reached (${obs.server} ${obs.transport})`];
      const out = [
        `;; ->>HEADER<<- opcode: QUERY, status: ${obs.rcode}`,
        `;; flags: ${obs.flags.join(" ")}; QUERY: ${obs.question.length}, ANSWER: ${obs.answer.length}, AUTHORITY: ${obs.authority.length}, ADDITIONAL: ${obs.additional.length}`,
      ];
      const section = (title: string, rs: RecordObs[]) => {
        if (rs.length === 0) return;
        out.push("", `;; ${title} SECTION:`, ...rs.map(recordLine));
      };
      out.push("", ";; QUESTION SECTION:", ...obs.question.map((q) => `;${q.name}\t\t${q.class}\t${q.type}`));
      section("ANSWER", obs.answer);
      section("AUTHORITY", obs.authority);
      section("ADDITIONAL", obs.additional);
      out.push(
        "",
        `;; SERVER: ${obs.server} (${obs.transport.toUpperCase()})${obs.size !== undefined ? `, MSG SIZE rcvd: ${obs.size}` : ""}`,
      );
      return out;
    }
    case "resolve":
      return [
        `resolver ${obs.libc}: ${obs.rcode}${obs.answer.length ? ` ${obs.answer.join(", ")}` : ""} (source ${obs.source})`,
        ...obs.tries.map(
          (t, k) =>
            `  ${k + 1}. ${t.type} ${t.name} -> ${t.rcode} (${t.answers} answers, ${t.server} ${t.transport})`,
        ),
      ];
    case "resolv-conf":
      return [...obs.text.replace(/\n$/, "").split("\n"), ...obs.warnings.map((w) => `warning: ${w}`)];
    case "hosts":
      return obs.text.replace(/\n$/, "").split("\n");
    case "endpoints":
      return [
        ...obs.endpoints.map(
          (e) => `${e.addresses.join(",")} ready=${e.ready}${e.targetRef ? ` ${e.targetRef}` : ""}`,
        ),
        `ports: ${obs.ports.map((p) => `${p.name ? `${p.name}=` : ""}${p.port}/${p.protocol}`).join(", ") || "(none)"}`,
      ];
    case "connect":
      return [
        `${obs.verdict}${obs.deniedBy ? ` by ${obs.deniedBy}` : ""}${obs.landedOn ? ` -> ${obs.landedOn}` : ""}`,
        ...obs.hops.map(
          (h, k) => `  ${k + 1}. ${[h.hop, ...h.args].join(" ")}${h.detail ? `  (${h.detail})` : ""}`,
        ),
      ];
    case "reach":
      return [`pods: ${obs.pods.join(" ")}`];
    case "object":
      return obs.object ? Object.entries(obs.fields).map(([k, v]) => `${k}: ${v}`) : ["(does not exist)"];
    case "coredns":
      return [`${obs.status} ${obs.readyReplicas}/${obs.replicas} ready`, ...obs.log.slice(-10)];
    case "apply":
      return obs.accepted ? ["accepted"] : ["rejected:", ...obs.message.split("\n").map((l) => `  ${l}`)];
  }
}

function recordLine(r: RecordObs): string {
  return `${r.name}\t${r.ttl}\t${r.class}\t${r.type}\t${r.data}`;
}
