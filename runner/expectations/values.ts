/** Expected values of matchers, resolved to strings or to item tests (records, tries, hops). */
import type { Value } from "../../dsl/index.js";
import { isObj, isRecord, quote, sameData, sameName, showPlain } from "./compare.js";
import { dashedIp, reverseName } from "./ip-names.js";
import type { Item, ValueResolver } from "./subject.js";

export async function flatStrings(value: Value, resolveValue: ValueResolver): Promise<string[]> {
  switch (value.kind) {
    case "string":
    case "ident":
      return [value.value];
    case "number":
      return [String(value.value)];
    case "duration":
      return [String(value.ms)];
    case "list":
      return (await Promise.all(value.items.map((v) => flatStrings(v, resolveValue)))).flat();
    case "quantified":
      return flatStrings(value.value, resolveValue);
    case "ref":
      return value.fn === "dashed-ip" || value.fn === "reverse-name"
        ? [await addressName(value, resolveValue)]
        : resolveValue(value);
    case "selection":
      return resolveValue(value);
    case "concat": {
      const parts = await Promise.all(value.parts.map((p) => flatStrings(p, resolveValue)));
      return [parts.map((p) => p[0] ?? "").join("")];
    }
    case "try":
      return [`${value.name} ${value.rcode}`];
    case "hop":
      return [[value.hop, ...value.args].join(" ")];
    case "record":
      return [`${value.rrtype}(...)`];
    case "derived":
      return derivedNames(value, resolveValue);
  }
}

/** `reverse-name(cluster-ip(service a/b))`: one name per address the inner value resolves to. */
async function derivedNames(
  value: Extract<Value, { kind: "derived" }>,
  resolveValue: ValueResolver,
): Promise<string[]> {
  const ips = await flatStrings(value.of, resolveValue);
  if (!ips.length) throw new Error(`${value.fn}(...): the address resolved to nothing`);
  return ips.map((ip) => {
    const name = value.fn === "dashed-ip" ? dashedIp(ip) : reverseName(ip);
    if (name === undefined) throw new Error(`${value.fn}(...): \`${ip}\` is not an IP`);
    return name;
  });
}

/** `dashed-ip(...)` / `reverse-name(...)`: derived from the primary address the target resolves. */
async function addressName(
  value: Extract<Value, { kind: "ref" }>,
  resolveValue: ValueResolver,
): Promise<string> {
  const [ip] = await resolveValue({ ...value, fn: "ip" });
  const target = `${value.target.kind.toLowerCase()} ${value.target.namespace ? `${value.target.namespace}/` : ""}${value.target.name}`;
  if (ip === undefined) throw new Error(`${value.fn}(${target}): it has no IP`);
  const name = value.fn === "dashed-ip" ? dashedIp(ip) : reverseName(ip);
  if (name === undefined) throw new Error(`${value.fn}(${target}): \`${ip}\` is not an IP`);
  return name;
}

/** An expected list item: how it prints and whether an observed item is it. */
export interface Wanted {
  text: string;
  test(item: Item): boolean;
}

export async function expectedItems(value: Value, resolveValue: ValueResolver): Promise<Wanted[]> {
  switch (value.kind) {
    case "list":
      return (await Promise.all(value.items.map((v) => expectedItems(v, resolveValue)))).flat();
    case "quantified":
      return expectedItems(value.value, resolveValue);
    case "try": {
      const name = value.nameValue
        ? ((await flatStrings(value.nameValue, resolveValue))[0] ?? "")
        : value.name;
      return [
        {
          text: `${value.qtype ? `${value.qtype} ` : ""}${name} ${value.rcode}`,
          test: (i) =>
            isObj(i) &&
            i.name === name &&
            i.rcode === value.rcode &&
            (!value.qtype || i.type === value.qtype),
        },
      ];
    }
    case "hop":
      return [
        {
          text: [value.hop, ...value.args].join(" "),
          test: (i) =>
            isObj(i) && i.hop === value.hop && value.args.every((a, k) => (i.args as string[])[k] === a),
        },
      ];
    case "record":
      return [await expectedRecord(value, resolveValue)];
    default: {
      const strings = await flatStrings(value, resolveValue);
      return strings.map((s) => ({ text: s, test: (i) => sameData(showPlain(i), s) }));
    }
  }
}

async function expectedRecord(
  value: Extract<Value, { kind: "record" }>,
  resolveValue: ValueResolver,
): Promise<Wanted> {
  const type = value.rrtype.toUpperCase();
  // An address argument that resolves to several (a dual-stack pod's ip()) gives the one of the
  // record's family: aaaa(ip(pod x/a)) is its IPv6 address, a(...) its IPv4 one.
  const family = (ip: string) =>
    type === "AAAA" ? ip.includes(":") : type === "A" ? !ip.includes(":") : true;
  const args = (await Promise.all(value.args.map((a) => flatStrings(a, resolveValue)))).map(
    (a) => a.find(family) ?? a[0] ?? "",
  );
  if (type === "ENTRY") {
    // entry(ip, name...) is an /etc/hosts line: same address and the same names, in order.
    const line = args.join(" ");
    const text = `entry(${args.map(quote).join(", ")})`;
    return { text, test: (i) => typeof i === "string" && i.split(/\s+/).join(" ") === line };
  }
  const text = `${value.rrtype}(${args.map(quote).join(", ")})`;
  // a("owner.", ip) carries the owner; a(ip) only data. For other types every arg is rdata.
  const hasOwner = (type === "A" || type === "AAAA") && args.length === 2;
  const owner = hasOwner ? args[0] : undefined;
  const data = (hasOwner ? args.slice(1) : args).join(" ");
  return {
    text,
    test: (i) =>
      isRecord(i) &&
      i.type === type &&
      (owner === undefined || sameName(i.name, owner)) &&
      // soa("zone.") names the zone the SOA is owned by (the negative-answer authority).
      (type === "SOA"
        ? sameName(i.name, data)
        : type === "TXT"
          ? i.data === quote(data) || i.data === data
          : sameData(i.data, data)),
  };
}
