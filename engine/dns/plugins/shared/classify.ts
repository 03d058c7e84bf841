/**
 * CoreDNS plugin/pkg/response/classify.go `ClassifyRcode`-like classes used by log's `class`:
 * NOERROR → success, NXDOMAIN and NODATA (NOERROR with an empty answer) → denial, other rcodes → error
 * (code reading; log uses `response.Classify`).
 */
import type { DnsResult } from "../../plugin.js";

export type ResponseClass = "success" | "denial" | "error";

export function classify(r: DnsResult): ResponseClass {
  if (r.kind !== "reply") return "error";
  if (r.msg.rcode === "NXDOMAIN") return "denial";
  if (r.msg.rcode !== "NOERROR") return "error";
  return r.msg.answer.length === 0 ? "denial" : "success";
}
