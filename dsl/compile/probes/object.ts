/** `expect pod|service|node|deployment NS/NAME`: one API object's fields (the probe kind `object`). */
import { checkRef, refOf } from "../refs.js";
import type { ProbeSpec } from "../spec.js";

const SUBJECTS = ["phase", "ready", "reason", "exists", "node-name", "ip", "cluster-ip", "status"];

function objectProbe(head: "pod" | "service" | "node" | "deployment", example: string): ProbeSpec {
  return {
    head,
    kind: "object",
    syntax: `${head} ${head === "node" ? "NAME" : "NS/NAME"}`,
    summary: `the ${head}'s fields as the API reports them (phase, readiness, addresses, status).`,
    example,
    subjects: SUBJECTS,
    compile(c) {
      const span = c.spanAt();
      const ref = refOf(c.next(), head, c);
      if (head === "service") checkRef(c, "service", ref, span);
      return { kind: "object", ref };
    },
  };
}

export const podProbe = objectProbe("pod", "expect pod default/late { phase Pending }");
export const serviceProbe = objectProbe("service", "expect service default/web { cluster-ip == 10.96.0.20 }");
export const nodeProbe = objectProbe("node", "expect node worker-0 { ready == true }");
export const deploymentProbe = objectProbe("deployment", "expect deployment default/web { ready == true }");
