/**
 * plugin/template (template.go ServeDNS/match, setup.go):
 * `template CLASS TYPE [ZONE...] { match REGEX...; answer RR; additional RR; authority RR; rcode CODE;
 * fallthrough [ZONE...] }`. Templates are tried in order; one whose zone/class/type does not fit is
 * skipped; the first regex (default `.*`, Go RE2 syntax — `(?P<n>…)` is accepted) matching the
 * lower-cased qname answers: authoritative, rcode CODE (SERVFAIL is returned unwritten), with the
 * rendered RRs (zone-file lines; TTL defaults to 3600 as dns.NewRR does). A template whose zone, class
 * and type fit but whose regexes do not match ends the walk with SERVFAIL, unwritten (CoreDNS 1.14.7
 * template.go ServeDNS: `if !fthrough { return dns.RcodeServerFailure, nil }`), unless `fallthrough`
 * covers the name: then the next template, and after the last one the next plugin, is asked. Several `template` lines of
 * a block share one list, like several templates in one CoreDNS handler.
 */
import type { ResourceRecord } from "../../message.js";
import type { Directive, DnsRequest, DnsResult, Next, PluginFactory } from "../../plugin.js";
import { parseRData } from "../forward/index.js";
import { fail, isSubdomain, matchZone, normalizeZone, replyTo, unknownOption } from "../shared/index.js";
import { compileTemplate } from "./render.js";
import type { TemplateData } from "./render.js";

interface Template {
  qclass: string;
  qtype: string;
  zones: string[];
  regex: RegExp[];
  answer: ((d: TemplateData) => string)[];
  additional: ((d: TemplateData) => string)[];
  authority: ((d: TemplateData) => string)[];
  rcode: string;
  fall: string[] | undefined;
  line: number;
}

const RCODES = new Set(["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"]);
const lists = new WeakMap<object, Template[]>();

/** A zone-file line `name [ttl] [class] type rdata` (dns.NewRR). */
function parseRR(text: string, line: number): ResourceRecord {
  const f = text.trim().split(/\s+/);
  const name = f.shift();
  if (!name) throw new Error(`template line ${line}: empty RR`);
  let ttl = 3600;
  let cls = "IN";
  for (let i = 0; i < 2; i++) {
    if (f[0] !== undefined && /^\d+$/.test(f[0])) ttl = Number(f.shift());
    else if (f[0] !== undefined && /^(IN|CH|CS|HS)$/i.test(f[0])) cls = f.shift()!.toUpperCase();
  }
  const type = f.shift()?.toUpperCase();
  if (!type) throw new Error(`template line ${line}: RR without a type: ${text}`);
  return {
    name: name.endsWith(".") ? name : `${name}.`,
    type,
    class: cls,
    ttl,
    data: parseRData(type, f.join(" ")),
  };
}

function parseTemplate(d: Directive, blockZones: string[]): Template {
  if (d.args.length < 2) fail(d, "template wants CLASS TYPE [ZONE...]");
  const t: Template = {
    qclass: d.args[0]!.toUpperCase(),
    qtype: d.args[1]!.toUpperCase(),
    zones: d.args.length > 2 ? d.args.slice(2).map(normalizeZone) : [...blockZones],
    regex: [],
    answer: [],
    additional: [],
    authority: [],
    rcode: "NOERROR",
    fall: undefined,
    line: d.line,
  };
  const compile = (o: Directive) => {
    if (!o.args.length) fail(o, `${o.name} needs a resource record`);
    try {
      return compileTemplate(o.args.join(" "));
    } catch (e) {
      return fail(o, (e as Error).message);
    }
  };
  for (const o of d.block) {
    switch (o.name) {
      case "match":
        if (!o.args.length) fail(o, "match needs a regex");
        for (const r of o.args) {
          try {
            t.regex.push(new RegExp(r.replace(/\(\?P</g, "(?<")));
          } catch (e) {
            fail(o, `invalid regex '${r}': ${(e as Error).message}`);
          }
        }
        break;
      case "answer":
        t.answer.push(compile(o));
        break;
      case "additional":
        t.additional.push(compile(o));
        break;
      case "authority":
        t.authority.push(compile(o));
        break;
      case "rcode":
        if (o.args.length !== 1 || !RCODES.has(o.args[0]!.toUpperCase()))
          fail(o, `unknown rcode '${o.args.join(" ")}'`);
        t.rcode = o.args[0]!.toUpperCase();
        break;
      case "fallthrough":
        t.fall = o.args.length ? o.args.map(normalizeZone) : ["."];
        break;
      default:
        unknownOption("template", o);
    }
  }
  if (!t.regex.length) t.regex.push(/.*/);
  return t;
}

export const templatePlugin = {
  name: "template",
  setup(d, block, _env) {
    const t = parseTemplate(d, block.zones);
    const existing = lists.get(block);
    if (existing) {
      existing.push(t);
      return { name: "template", serve: (req: DnsRequest, next: Next) => next(req) };
    }
    const templates = [t];
    lists.set(block, templates);
    const allZones = () => templates.flatMap((x) => x.zones);
    return {
      name: "template",
      serve(req: DnsRequest, next: Next): DnsResult {
        const name = req.qname.toLowerCase();
        if (!matchZone(allZones(), name)) return next(req);
        const q = req.msg.question[0]!;
        for (const tpl of templates) {
          const zone = matchZone(tpl.zones, name);
          if (!zone) continue;
          if (tpl.qclass !== "ANY" && q.class !== "ANY" && q.class !== tpl.qclass) continue;
          if (tpl.qtype !== "ANY" && req.qtype !== "ANY" && req.qtype !== tpl.qtype) continue;
          let data: TemplateData | undefined;
          for (const re of tpl.regex) {
            const m = re.exec(name);
            if (!m) continue;
            const group: Record<string, string> = {};
            m.forEach((v, i) => (group[String(i)] = v ?? ""));
            for (const [k, v] of Object.entries(m.groups ?? {})) group[k] = v ?? "";
            data = {
              Name: name,
              Zone: zone,
              // template.go match: an ANY question's class and type are the template's own.
              Class: q.class !== "ANY" ? q.class : tpl.qclass,
              Type: req.qtype !== "ANY" ? req.qtype : tpl.qtype,
              Remote: req.clientIp,
              Match: [...m].map((x) => x ?? ""),
              Group: group,
            };
            break;
          }
          if (!data) {
            if (tpl.fall && tpl.fall.some((z) => isSubdomain(z, name))) continue;
            return {
              kind: "error",
              rcode: "SERVFAIL",
              by: "template",
              notes: [`template (line ${tpl.line}): no regex matches ${name} and no fallthrough`],
            };
          }
          if (tpl.rcode === "SERVFAIL") return { kind: "error", rcode: "SERVFAIL", by: "template" };
          const m = replyTo(req.msg, tpl.rcode);
          m.flags.aa = true;
          const render = (fs: ((d: TemplateData) => string)[]) => fs.map((f) => parseRR(f(data), tpl.line));
          try {
            m.answer = render(tpl.answer);
            m.additional = render(tpl.additional);
            m.authority = render(tpl.authority);
          } catch (e) {
            return { kind: "error", rcode: "SERVFAIL", by: "template", notes: [(e as Error).message] };
          }
          return { kind: "reply", msg: m, by: "template", notes: [`template (line ${tpl.line}) matched`] };
        }
        return next(req);
      },
    };
  },
} satisfies PluginFactory;
