/** `expect endpoints of service NS/NAME`: the EndpointSlice addresses of a service. */
import { seq, text } from "../pattern.js";
import { checkRef, refOf } from "../refs.js";
import type { ProbeSpec } from "../spec.js";

const ofService = seq(text("of"), text("service"));

export const endpointsProbe: ProbeSpec = {
  head: "endpoints",
  kind: "endpoints",
  syntax: "endpoints of service NS/NAME",
  summary: "the EndpointSlice addresses (ready and not).",
  example: "expect endpoints of service default/bar { count == 2 }",
  subjects: ["endpoints", "addresses", "ready-addresses", "not-ready-addresses", "ports", "count"],
  compile(c) {
    const [of, service] = ofService.take(c);
    if (of !== "of" || service !== "service")
      c.session.error("check/expected", "expect endpoints needs `of service ns/name`", c.st.$span);
    const refSpan = c.spanAt();
    const ref = refOf(c.next(), "service", c);
    checkRef(c, "service", ref, refSpan);
    return { kind: "endpoints", service: ref };
  },
};
