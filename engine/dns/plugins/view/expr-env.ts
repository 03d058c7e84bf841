/**
 * The functions plugin/view's expressions can call: CoreDNS 1.14.7 plugin/pkg/expression/expression.go
 * DefaultEnv, each over request.Request (request/request.go): `incidr`, `metadata`, and the request
 * accessors `type` `name` `class` `proto` `size` `client_ip` `port` `id` `opcode` `do` `bufsize`
 * `server_ip` `server_port`.
 */
import { cidrContains, parseCidr, parseIp } from "../../../net/index.js";
import type { DnsRequest } from "../../plugin.js";
import { encodeUncompressed } from "../../wire/index.js";

/** The value types of the expression checker (the natures of expr-lang's checker). */
export type ExprType = "string" | "int" | "float" | "bool" | "nil" | "array" | "unknown";

export type ExprValue = string | number | boolean | null | ExprValue[];

/** A function of the environment: its parameter and result types and its implementation. */
export interface EnvFunc {
  params: ExprType[];
  result: ExprType;
  /** Throws an `EvalError` where the Go function returns an error. */
  run(req: DnsRequest, args: ExprValue[]): ExprValue;
}

/** A run-time error: expr.Run fails, and view.go Filter then treats the view as not matching. */
export class EvalError extends Error {}

/** miekg/dns opcode numbers (msg.go OpcodeToString). */
const OPCODES: Record<string, number> = { QUERY: 0, IQUERY: 1, STATUS: 2, NOTIFY: 4, UPDATE: 5 };

/** request.Request Size(): TCP is dns.MaxMsgSize, UDP the OPT's size with edns.Size's 512 floor. */
function bufsize(req: DnsRequest): number {
  if (req.transport === "tcp") return 65535;
  return Math.max(req.msg.edns?.udpSize ?? 0, 512);
}

/**
 * Go's net.ParseIP then net.ParseCIDR and IPNet.Contains (expression.go incidr): an address with an
 * IPv6 zone, or anything else ParseIP refuses, is "first argument is not an IP address".
 */
function incidr(ip: string, cidr: string): boolean {
  if (ip.includes("%") || !parseIp(ip)) throw new EvalError("first argument is not an IP address");
  const c = parseCidr(cidr);
  if (!c || !cidr.includes("/")) throw new EvalError(`invalid CIDR address: ${cidr}`);
  return cidrContains(c, ip);
}

const str = (f: (req: DnsRequest) => string): EnvFunc => ({ params: [], result: "string", run: (r) => f(r) });
const int = (f: (req: DnsRequest) => number): EnvFunc => ({ params: [], result: "int", run: (r) => f(r) });

/**
 * expression.go DefaultEnv. `metadata` answers "" here: the block's plugins publish metadata only when
 * the metadata plugin collects it, and the view plugin refuses (as unmodelled) an expression calling
 * `metadata` in a block that loads it.
 */
export const VIEW_ENV: Readonly<Record<string, EnvFunc>> = {
  incidr: {
    params: ["string", "string"],
    result: "bool",
    run: (_r, a) => incidr(a[0] as string, a[1] as string),
  },
  metadata: { params: ["string"], result: "string", run: () => "" },
  type: str((r) => r.qtype),
  // request.Name: the question name lowercased, with its trailing dot.
  name: str((r) => r.qname.toLowerCase()),
  class: str((r) => r.msg.question[0]?.class ?? ""),
  proto: str((r) => r.transport),
  size: int((r) => encodeUncompressed(r.msg).length),
  client_ip: str((r) => r.clientIp),
  port: str((r) => String(r.clientPort ?? 0)),
  id: int((r) => r.msg.id),
  opcode: int((r) => OPCODES[r.msg.opcode] ?? 0),
  do: { params: [], result: "bool", run: (r) => r.msg.edns?.do ?? false },
  bufsize: int(bufsize),
  server_ip: str((r) => r.serverIp ?? ""),
  server_port: str((r) => String(r.serverPort ?? r.port)),
};

/** expr-lang's builtins (builtin/builtin.go): valid in real CoreDNS, not evaluated by the model. */
export const EXPR_BUILTINS = new Set(
  (
    "all none any one filter map find findIndex findLast findLastIndex count sum groupBy sortBy reduce " +
    "len abs ceil floor round int float string trim trimPrefix trimSuffix upper lower split splitAfter " +
    "replace repeat join indexOf lastIndexOf hasPrefix hasSuffix max min mean median toJSON fromJSON " +
    "toBase64 fromBase64 now duration date timezone first last get keys values toPairs fromPairs sort " +
    "concat flatten uniq bitand bitor bitxor bitnand bitnot bitshl bitshr bitushr"
  ).split(" "),
);
