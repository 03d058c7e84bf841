/**
 * AST → Plan, with the semantic checks. Every problem is collected (never thrown) so one run reports
 * all of them; unknown keywords get a "did you mean" suggestion.
 */
import { posix as path } from "node:path";
import { parseAllDocuments } from "yaml";
import type { Diagnostic } from "./diagnostic.js";
import type { Span } from "./span.js";
import type { ItemNode, SpecFile, Statement } from "./ast.js";
import type {
  ApplySource,
  ClusterSettings,
  Destination,
  Divergence,
  ExpectStep,
  ManifestText,
  Matcher,
  MatchOp,
  ObjectRef,
  PatchOp,
  PlanCase,
  PlanSuite,
  Probe,
  Protocol,
  Source,
  Step,
  UpstreamRecord,
  Value,
  SymbolicFn,
} from "./plan.js";
import { FAULTS, MATCHER_SUBJECTS, PROFILES, RCODES, RECORD_TYPES } from "./builtins.js";
import { suggest } from "./suggest.js";
import { Scope } from "./scope.js";

/** Files are read only through this host, so dsl/ stays free of node:fs. */
export interface SourceHost {
  readFile(path: string): string | undefined;
  isDirectory(path: string): boolean;
  listDir(path: string): string[];
}

const STEP_HEADS = [
  "apply",
  "delete",
  "label",
  "annotate",
  "patch",
  "scale",
  "fault",
  "heal",
  "wait",
  "skip",
  "expect",
  "use",
  "within",
  "on",
];
const SUITE_HEADS = ["tags", "cluster", "upstream", "test", ...STEP_HEADS];
const TOP_HEADS = ["import", "fixture", "upstream", "suite"];
const CLUSTER_KEYS = [
  "nodes",
  "service-cidr",
  "pod-cidr",
  "host-prefix",
  "cluster-domain",
  "corefile",
  "dns-policy",
  "resolver",
  "proxy-mode",
  "cni",
  "ip-family",
  "node-resolv-conf",
];
const PROBES = [
  "dns",
  "resolve",
  "resolv-conf",
  "hosts",
  "endpoints",
  "connect",
  "path",
  "reach",
  "pod",
  "service",
  "node",
  "deployment",
  "coredns",
  "apply",
];
const OPS = ["==", "!=", "has", "lacks", "matches", "<", "<=", ">", ">="];
const REF_FNS: readonly string[] = ["ip", "cluster-ip", "node-ip", "name", "fqdn", "pod-cidr", "external-ip"];
const RECORD_FNS = ["a", "aaaa", "srv", "cname", "ptr", "txt", "soa", "ns", "mx", "entry"];

/** Shared state of one compilation (all files of a run, with their imports). */
export class Compiler {
  readonly diagnostics: Diagnostic[] = [];
  /** Cases that hit a `skip` step: later steps never run. */
  private readonly skipped = new WeakSet<PlanCase>();
  /** Objects defined so far in the suite setup / current test; undefined outside suites. */
  private scope: Scope | undefined;
  constructor(private readonly host: SourceHost | undefined) {}

  error(code: string, message: string, span: Span | undefined, help?: string): void {
    this.diagnostics.push({ code, severity: "error", message, span, notes: [], ...(help ? { help } : {}) });
  }
  warn(code: string, message: string, span: Span | undefined, help?: string): void {
    this.diagnostics.push({ code, severity: "warning", message, span, notes: [], ...(help ? { help } : {}) });
  }
  unknown(code: string, what: string, word: string, span: Span, candidates: readonly string[]): void {
    const s = suggest(word, candidates);
    this.error(
      code,
      `unknown ${what} \`${word}\``,
      span,
      s ? `did you mean \`${s}\`?` : `expected one of: ${candidates.join(", ")}`,
    );
  }

  /** Compiles a parsed file. `fixtures`/`upstream` from imports are merged in by the caller. */
  compileFile(
    ast: SpecFile,
    file: string,
    imported: { fixtures: Map<string, Statement[]>; upstream: UpstreamRecord[] },
  ): PlanSuite[] {
    const fixtures = imported.fixtures;
    const fileUpstream = [...imported.upstream];
    const suites: PlanSuite[] = [];
    for (const st of ast.statements) {
      if (st.head === "import") continue; // resolved by the loader
      if (st.head === "fixture") {
        const name = this.word(st.items[0], st, "fixture name");
        if (name) fixtures.set(name, st.block ?? []);
      } else if (st.head === "upstream") {
        fileUpstream.push(...this.upstream(st));
      } else if (st.head === "suite") {
        suites.push(this.suite(st, file, fixtures, fileUpstream));
      } else {
        this.unknown("check/unknown-statement", "top-level statement", st.head, st.headSpan, TOP_HEADS);
      }
    }
    return suites;
  }

  private word(item: ItemNode | undefined, st: Statement, what: string): string | undefined {
    if (item && (item.$type === "Word" || item.$type === "String")) return item.value;
    this.error("check/expected", `expected ${what}`, item?.$span ?? st.$span);
    return undefined;
  }

  private suite(
    st: Statement,
    file: string,
    fixtures: Map<string, Statement[]>,
    fileUpstream: UpstreamRecord[],
  ): PlanSuite {
    const name = this.word(st.items[0], st, "suite name") ?? "";
    const suite: PlanSuite = {
      name,
      span: st.$span,
      tags: [],
      cluster: { profile: "kubeadm" },
      upstream: [...fileUpstream],
      setup: [],
      cases: [],
    };
    const seen = new Map<string, Span>();
    const clusterSt = (st.block ?? []).find((x) => x.head === "cluster");
    const profileWord = clusterSt?.items[0];
    const nodesSt = clusterSt?.block?.find((x) => x.head === "nodes")?.items[0];
    const suiteScope = Scope.forProfile(
      profileWord?.$type === "Word" ? profileWord.value : "kubeadm",
      nodesSt?.$type === "Word" ? Number(nodesSt.value) : undefined,
    );
    for (const s of st.block ?? []) {
      this.scope = suiteScope;
      switch (s.head) {
        case "tags":
          suite.tags.push(...this.tags(s));
          break;
        case "cluster":
          suite.cluster = this.cluster(s);
          break;
        case "upstream":
          suite.upstream.push(...this.upstream(s));
          break;
        case "test": {
          const tname = this.word(s.items[0], s, "test name") ?? "";
          const prev = seen.get(tname);
          if (prev)
            this.error(
              "check/duplicate-test",
              `test "${tname}" is defined twice in suite "${name}"`,
              s.items[0]?.$span ?? s.headSpan,
              `first defined at line ${prev.line}`,
            );
          seen.set(tname, s.$span);
          const c: PlanCase = {
            id: `${file}::${name}::${tname}`,
            name: tname,
            suite: name,
            file,
            span: s.$span,
            tags: [...suite.tags],
            steps: [...suite.setup],
          };
          if (s.items[1]?.$type === "Word" && s.items[1].value === "skip")
            c.skip = this.word(s.items[2], s, "skip reason") ?? "";
          const own: Step[] = [];
          this.scope = suiteScope.clone();
          for (const t of s.block ?? []) {
            if (t.head === "tags") c.tags.push(...this.tags(t));
            else this.step(t, own, fixtures, c);
          }
          c.steps.push(...own);
          suite.cases.push(c);
          break;
        }
        default:
          if (STEP_HEADS.includes(s.head)) this.step(s, suite.setup, fixtures, undefined);
          else this.unknown("check/unknown-statement", "suite statement", s.head, s.headSpan, SUITE_HEADS);
      }
    }
    return suite;
  }

  private tags(s: Statement): string[] {
    return s.items
      .filter((i) => i.$type === "Word" || i.$type === "String")
      .map((i) => (i as { value: string }).value);
  }

  private cluster(s: Statement): ClusterSettings {
    const profile = this.word(s.items[0], s, "cluster profile") ?? "kubeadm";
    if (!(PROFILES as readonly string[]).includes(profile))
      this.unknown("check/unknown-profile", "cluster profile", profile, s.items[0]!.$span, PROFILES);
    const c: ClusterSettings = { profile: profile as ClusterSettings["profile"], span: s.$span };
    for (const k of s.block ?? []) {
      const vals = k.items.filter((i) => i.$type !== "Comma");
      const v = vals[0];
      const str = v && (v.$type === "Word" || v.$type === "String") ? v.value : undefined;
      switch (k.head) {
        case "nodes":
          c.nodes = this.int(v, k);
          break;
        case "host-prefix":
          c.hostPrefix = this.int(v, k);
          break;
        case "service-cidr":
          c.serviceCidrs = vals.map((x) => this.cidr(x));
          break;
        case "pod-cidr":
          c.podCidrs = vals.map((x) => this.cidr(x));
          break;
        case "cluster-domain":
          c.clusterDomain = str;
          break;
        case "dns-policy":
          c.dnsPolicy = this.oneOf(str, k, [
            "ClusterFirst",
            "ClusterFirstWithHostNet",
            "Default",
            "None",
          ]) as ClusterSettings["dnsPolicy"];
          break;
        case "resolver":
          c.resolver = this.oneOf(str, k, ["glibc", "musl"]) as ClusterSettings["resolver"];
          break;
        case "proxy-mode":
          c.proxyMode = this.oneOf(str, k, ["iptables", "ipvs", "nftables"]) as ClusterSettings["proxyMode"];
          break;
        case "ip-family": {
          const f = this.oneOf(str, k, ["ipv4", "ipv6", "dual"]);
          if (f) c.ipFamily = f as ClusterSettings["ipFamily"];
          break;
        }
        case "cni":
          c.cni = str;
          break;
        case "node-resolv-conf":
          c.nodeResolvConf =
            v?.$type === "BlockString" || v?.$type === "String" ? v.value : this.expected(k, "a string");
          break;
        case "corefile": {
          if (v?.$type === "Word" && v.value === "file") {
            const p = this.word(vals[1], k, "corefile path");
            if (p !== undefined) {
              const full = path.join(path.dirname(k.$span.file), p);
              const text = this.host?.readFile(full);
              if (this.host && text === undefined)
                this.error("check/missing-file", `corefile ${p} does not exist`, vals[1]!.$span);
              c.corefile = { path: full, text: text ?? "", line: 1, column: 0 };
            }
          } else if (v?.$type === "BlockString") c.corefile = this.manifestText(v, k.$span.file);
          else this.expected(k, 'file "path" or """Corefile"""');
          break;
        }
        default:
          this.unknown("check/unknown-setting", "cluster setting", k.head, k.headSpan, CLUSTER_KEYS);
      }
    }
    return c;
  }

  private expected(s: Statement, what: string): undefined {
    this.error("check/expected", `\`${s.head}\` expects ${what}`, s.$span);
    return undefined;
  }
  private oneOf(v: string | undefined, s: Statement, options: string[]): string | undefined {
    if (v === undefined || !options.includes(v)) {
      this.unknown("check/invalid-value", `${s.head} value`, v ?? "", s.$span, options);
      return undefined;
    }
    return v;
  }
  private int(v: ItemNode | undefined, s: Statement): number | undefined {
    if (v?.$type === "Word" && /^\d+$/.test(v.value)) return Number(v.value);
    return this.expected(s, "a whole number");
  }
  private cidr(v: ItemNode): string {
    const s = v.$type === "Word" || v.$type === "String" ? v.value : "";
    if (!isCidr(s)) this.error("check/invalid-cidr", `\`${s}\` is not a valid CIDR`, v.$span);
    return s;
  }
  private manifestText(b: ItemNode & { $type: "BlockString" }, file: string): ManifestText {
    return { path: file, text: b.value, line: b.line, column: b.column };
  }

  /** `upstream { NAME TYPE DATA [ttl N] | NAME RCODE }` lines. */
  upstream(s: Statement): UpstreamRecord[] {
    const out: UpstreamRecord[] = [];
    for (const r of s.block ?? []) {
      const words = [
        r.head,
        ...r.items.map((i) => (i.$type === "Word" || i.$type === "String" ? i.value : "")),
      ];
      const [name, type = ""] = words;
      const rec: UpstreamRecord = { span: r.$span, name: name!, type, data: "" };
      if (RCODES.includes(type)) rec.rcode = type;
      else if (!RECORD_TYPES.includes(type)) {
        this.unknown("check/unknown-record-type", "record type", type, r.items[0]?.$span ?? r.$span, [
          ...RECORD_TYPES,
          ...RCODES,
        ]);
        continue;
      } else {
        const rest = words.slice(2);
        const ti = rest.indexOf("ttl");
        if (ti >= 0) {
          rec.ttl = Number(rest[ti + 1]);
          rest.splice(ti, 2);
        }
        rec.data = rest.join(" ");
        if ((type === "A" || type === "AAAA") && !isIp(rec.data))
          this.error("check/invalid-ip", `\`${rec.data}\` is not a valid IP address`, r.$span);
      }
      out.push(rec);
    }
    return out;
  }

  private ref(item: ItemNode | undefined, kind: string, st: Statement): ObjectRef {
    const w = item?.$type === "Word" ? item.value : undefined;
    if (!w) {
      this.error(
        "check/expected-ref",
        `expected a ${kind} reference (namespace/name)`,
        item?.$span ?? st.$span,
      );
      return { kind, namespace: "default", name: "" };
    }
    const i = w.indexOf("/");
    return i < 0
      ? { kind, namespace: "default", name: w }
      : { kind, namespace: w.slice(0, i), name: w.slice(i + 1) };
  }

  /** Reports a pod/service/node that nothing in scope defines (only when a host can read manifests). */
  private checkRef(kind: string, ref: ObjectRef | string, span: Span): void {
    const sc = this.scope;
    if (!sc || !this.host) return;
    const key = typeof ref === "string" ? ref : `${ref.namespace ?? "default"}/${ref.name}`;
    const known =
      kind === "pod"
        ? sc.hasPod(key)
        : kind === "service"
          ? sc.services.has(key)
          : kind === "node"
            ? sc.nodes.has(key)
            : true;
    if (known || key.endsWith("/") || key === "") return;
    const pool = kind === "pod" ? [...sc.pods] : kind === "service" ? [...sc.services] : [...sc.nodes];
    const s = suggest(key, pool);
    this.error(
      `check/unknown-${kind}`,
      `no ${kind} \`${key}\` is defined by the manifests applied before this point`,
      span,
      s ? `did you mean \`${s}\`?` : undefined,
    );
  }

  private step(
    s: Statement,
    steps: Step[],
    fixtures: Map<string, Statement[]>,
    c: PlanCase | undefined,
    depth = 0,
  ): void {
    const span = s.$span;
    const it = s.items;
    let out = steps;
    const w = (i: number): string | undefined => {
      const x = it[i];
      return x && (x.$type === "Word" || x.$type === "String") ? x.value : undefined;
    };
    if (c && this.skipped.has(c)) {
      this.warn("check/unreachable-step", "this step comes after `skip` and never runs", span);
      out = [];
    }
    switch (s.head) {
      case "apply": {
        const source = this.applySource(s, 0);
        if (source) out.push({ type: "apply", span, source });
        return;
      }
      case "delete":
        out.push({ type: "delete", span, target: this.ref(it[1], w(0) ?? "", s) });
        return;
      case "label":
      case "annotate": {
        const target = this.ref(it[1], w(0) ?? "", s);
        const set: Record<string, string> = {};
        const remove: string[] = [];
        let podTemplate = false;
        for (const x of it.slice(2)) {
          if (x.$type === "Pair") set[x.key] = x.value;
          else if (x.$type === "Word" && x.value === "pod-template") podTemplate = true;
          else if (x.$type === "Word" && x.value.endsWith("-")) remove.push(x.value.slice(0, -1));
          else this.error("check/expected", "expected `key=value` or `key-`", x.$span);
        }
        out.push({ type: s.head, span, target, set, remove, ...(podTemplate ? { podTemplate } : {}) });
        return;
      }
      case "patch": {
        const target = this.ref(it[1], w(0) ?? "", s);
        const ops: PatchOp[] = [];
        const rest = it.slice(2);
        if (rest[0]?.$type === "BlockString")
          ops.push({ op: "merge", patch: this.manifestText(rest[0], span.file), span: rest[0].$span });
        else if (rest[0]?.$type === "Word" && rest[0].value === "remove" && rest[1]?.$type === "Word")
          ops.push({ op: "remove", path: rest[1].value, span });
        for (const p of s.block ?? []) {
          const pw = p.items[0];
          if (p.head === "remove" && pw?.$type === "Word")
            ops.push({ op: "remove", path: pw.value, span: p.$span });
          else if (p.head === "set" && pw?.$type === "Word" && p.items[1]?.$type === "Op" && p.items[2])
            ops.push({
              op: "set",
              path: pw.value,
              value: plainValue(this.value([p.items[2]], p)),
              span: p.$span,
            });
          else if (p.head === "set" && pw?.$type === "Pair")
            ops.push({ op: "set", path: pw.key, value: pw.value, span: p.$span });
          else if (p.head === "set" || p.head === "remove")
            this.error(
              "check/invalid-patch-op",
              p.head === "set" ? "expected `set PATH = VALUE`" : "expected `remove PATH`",
              p.$span,
            );
          else
            this.unknown("check/unknown-patch-op", "patch operation", p.head, p.headSpan, ["set", "remove"]);
        }
        if (ops.length === 0 && !s.block?.length)
          this.expected(s, '`remove PATH`, a `{ set/remove }` block or a """merge patch"""');
        out.push({ type: "patch", span, target, ops });
        return;
      }
      case "scale": {
        const n = Number(w(2));
        if (!Number.isInteger(n) || n < 0) this.error("check/expected", "scale needs a replica count", span);
        out.push({ type: "scale", span, target: this.ref(it[1], w(0) ?? "", s), replicas: n });
        return;
      }
      case "fault":
      case "heal": {
        const name = w(0) ?? "";
        if (!(FAULTS as readonly string[]).includes(name))
          this.unknown("check/unknown-fault", "fault", name, it[0]?.$span ?? span, FAULTS);
        if (s.head === "heal") out.push({ type: "heal", span, name });
        else {
          const args = [];
          for (let i = 1; i < it.length; i++) {
            const x = it[i]!;
            if (x.$type === "Comma") continue;
            if (x.$type === "Pair") args.push({ key: x.key, value: x.value, span: x.$span });
            else if (x.$type === "Word" && x.value === "node" && it[i + 1]?.$type === "Word") {
              args.push({ key: "node", value: (it[i + 1] as { value: string }).value, span: x.$span });
              i++;
            } else if (x.$type === "Word" || x.$type === "String")
              args.push({ value: x.value, span: x.$span });
          }
          out.push({ type: "fault", span, name, args });
        }
        return;
      }
      case "wait": {
        const ms = duration(w(0) ?? "");
        if (ms === undefined)
          this.error(
            "check/invalid-duration",
            `\`${w(0) ?? ""}\` is not a duration (e.g. 300ms, 5s, 2m)`,
            it[0]?.$span ?? span,
          );
        out.push({ type: "wait", span, ms: ms ?? 0 });
        return;
      }
      case "skip":
        if (c) {
          c.skip = w(0) ?? "skipped";
          this.skipped.add(c);
        }
        return;
      case "use": {
        const name = w(0) ?? "";
        const body = fixtures.get(name);
        if (!body)
          this.unknown("check/unknown-fixture", "fixture", name, it[0]?.$span ?? span, [...fixtures.keys()]);
        else if (depth > 16) this.error("check/fixture-cycle", `fixture ${name} uses itself`, span);
        else for (const b of body) this.step(b, out, fixtures, c, depth + 1);
        return;
      }
      case "expect":
        out.push(this.expect(s));
        return;
      case "within":
      case "on": {
        const last = out[out.length - 1];
        if (last?.type !== "expect") {
          this.error("check/misplaced-clause", `\`${s.head}\` must follow an expect block`, span);
          return;
        }
        if (s.head === "within") {
          const ms = duration(w(0) ?? "");
          if (ms === undefined) this.error("check/invalid-duration", "within needs a duration", span);
          else last.within = ms;
        } else last.divergences.push(this.divergence(s, last));
        return;
      }
      default:
        this.unknown("check/unknown-step", "step", s.head, s.headSpan, STEP_HEADS);
    }
  }

  private divergence(s: Statement, e: ExpectStep): Divergence {
    const t = s.items[0];
    let target = "";
    const params: Record<string, string> = {};
    if (t?.$type === "Word") target = t.value;
    else if (t?.$type === "Call") {
      target = t.fn;
      for (const ph of t.args) for (const x of ph) if (x.$type === "Pair") params[x.key] = x.value;
    }
    const reason = s.items[1]?.$type === "String" ? s.items[1].value : "";
    if (!reason) this.error("check/expected", "a divergence needs a quoted reason (with a link)", s.$span);
    const d: Divergence = { span: s.$span, target, params, reason };
    if (s.items[2]?.$type === "Word" && s.items[2].value === "skip") d.skip = true;
    else if (s.block) d.matchers = this.matchers(s.block, probeKindOf(e.probe));
    return d;
  }

  private source(items: ItemNode[], i: number, s: Statement): [Source | undefined, number] {
    const k = items[i];
    if (k?.$type !== "Word") return [undefined, i];
    if (k.value === "pod") {
      const ref = this.ref(items[i + 1], "pod", s);
      this.checkRef("pod", ref, items[i + 1]?.$span ?? k.$span);
      return [{ kind: "pod", ref, span: k.$span }, i + 2];
    }
    if (k.value === "node") {
      const name = (items[i + 1] as { value?: string } | undefined)?.value ?? "";
      this.checkRef("node", name, items[i + 1]?.$span ?? k.$span);
      return [{ kind: "node", name, span: k.$span }, i + 2];
    }
    if (k.value === "external") {
      const ip =
        items[i + 1]?.$type === "Word" && isIp((items[i + 1] as { value: string }).value)
          ? (items[i + 1] as { value: string }).value
          : undefined;
      return [{ kind: "external", ...(ip ? { ip } : {}), span: k.$span }, ip ? i + 2 : i + 1];
    }
    this.unknown("check/unknown-source", "source", k.value, k.$span, ["pod", "node", "external"]);
    return [undefined, i + 1];
  }

  /** `"""yaml"""`, `file "x.yaml"` or `dir "manifests"` at item `at` of an apply step or probe. */
  private applySource(s: Statement, at: number): ApplySource | undefined {
    const it = s.items;
    const span = s.$span;
    const w = (i: number) =>
      it[at + i]?.$type === "Word" || it[at + i]?.$type === "String"
        ? (it[at + i] as { value: string }).value
        : undefined;
    const kind = w(0);
    const first = it[at];
    if (first?.$type === "BlockString") {
      const m = this.manifestText(first, span.file);
      this.checkYaml(m, first.$span);
      this.scope?.addYaml(m.text);
      return { kind: "inline", manifest: m };
    }
    if ((kind === "file" || kind === "dir") && w(1) !== undefined) {
      const p = path.join(path.dirname(span.file), w(1)!);
      if (this.host) {
        const ok = kind === "dir" ? this.host.isDirectory(p) : this.host.readFile(p) !== undefined;
        if (ok && kind === "file") this.scope?.addYaml(this.host.readFile(p) ?? "");
        if (ok && kind === "dir")
          for (const f of this.host.listDir(p))
            if (/\.ya?ml$/.test(f)) this.scope?.addYaml(this.host.readFile(path.join(p, f)) ?? "");
        if (!ok)
          this.error(
            "check/missing-file",
            `${kind === "dir" ? "directory" : "file"} ${w(1)} does not exist (looked for ${p})`,
            it[at + 1]!.$span,
          );
      }
      return { kind, path: p };
    }
    this.expected(s, 'file "path", dir "path" or """yaml"""');
    return undefined;
  }

  private expect(s: Statement): ExpectStep {
    const it = s.items;
    const kw = it[0]?.$type === "Word" ? it[0].value : "";
    const span = s.$span;
    const wordAt = (i: number) =>
      it[i]?.$type === "Word" || it[i]?.$type === "String" ? (it[i] as { value: string }).value : undefined;
    let probe: Probe = { kind: "coredns" };
    switch (kw) {
      case "dns": {
        const qtype = wordAt(1) ?? "";
        if (!RECORD_TYPES.includes(qtype))
          this.unknown("check/unknown-record-type", "record type", qtype, it[1]?.$span ?? span, RECORD_TYPES);
        const p: Probe & { kind: "dns" } = { kind: "dns", qtype, qname: wordAt(2) ?? "" };
        for (let i = 3; i < it.length;) {
          const o = wordAt(i);
          if (o === "from") {
            const [src, n] = this.source(it, i + 1, s);
            if (src) p.from = src;
            i = n;
          } else if (o === "over") {
            const t = wordAt(i + 1);
            if (t === "tcp" || t === "udp") p.transport = t;
            else
              this.unknown("check/invalid-value", "transport", t ?? "", it[i + 1]?.$span ?? span, [
                "udp",
                "tcp",
              ]);
            i += 2;
          } else if (o === "server") {
            const v = wordAt(i + 1) ?? "";
            if (!isIp(v.replace(/^\[?(.*?)\]?(:\d+)?$/, "$1")) && !isIp(v))
              this.error("check/invalid-ip", `\`${v}\` is not IP[:PORT]`, it[i + 1]?.$span ?? span);
            p.server = v;
            i += 2;
          } else if (o === "bufsize") {
            p.bufsize = Number(wordAt(i + 1));
            i += 2;
          } else {
            this.unknown("check/unexpected", "dns probe option", o ?? "", it[i]!.$span, [
              "from",
              "over",
              "server",
              "bufsize",
            ]);
            i++;
          }
        }
        probe = p;
        break;
      }
      case "resolve": {
        const name = wordAt(1) ?? "";
        let i = 2;
        let qtype: "A" | "AAAA" | "ANY" | undefined;
        const q = wordAt(2);
        if (q === "A" || q === "AAAA" || q === "ANY") {
          qtype = q;
          i++;
        }
        let from: Source | undefined;
        if (wordAt(i) === "from") [from] = this.source(it, i + 1, s);
        else
          this.error("check/expected", "expect resolve needs `from pod ns/name` or `from node NAME`", span);
        probe = {
          kind: "resolve",
          name,
          ...(qtype ? { qtype } : {}),
          from: from ?? { kind: "pod", ref: { kind: "pod", namespace: "default", name: "" }, span },
        };
        break;
      }
      case "resolv-conf":
      case "hosts": {
        const [src] = wordAt(1) === "of" ? this.source(it, 2, s) : [undefined];
        if (!src)
          this.error("check/expected", `expect ${kw} needs \`of pod ns/name\` or \`of node NAME\``, span);
        probe = {
          kind: kw,
          of: src ?? { kind: "pod", ref: { kind: "pod", namespace: "default", name: "" }, span },
        };
        break;
      }
      case "endpoints":
        if (wordAt(1) !== "of" || wordAt(2) !== "service")
          this.error("check/expected", "expect endpoints needs `of service ns/name`", span);
        probe = { kind: "endpoints", service: this.ref(it[3], "service", s) };
        this.checkRef("service", probe.service, it[3]?.$span ?? span);
        break;
      case "connect":
      case "path": {
        let from: Source | undefined;
        let to: Destination | undefined;
        let port: number | string = 0;
        let protocol: Protocol = "TCP";
        for (let i = 1; i < it.length;) {
          const o = wordAt(i);
          if (o === "from") {
            const [src, n] = this.source(it, i + 1, s);
            from = src;
            i = n;
          } else if (o === "to") {
            to = this.destination(it, i + 1, s);
            i += 3;
          } else if (o === "port") {
            [port, protocol] = this.port(it[i + 1], s);
            i += 2;
          } else {
            this.unknown("check/unexpected", `${kw} probe option`, o ?? "", it[i]!.$span, [
              "from",
              "to",
              "port",
            ]);
            i++;
          }
        }
        if (!from || !to)
          this.error("check/expected", `expect ${kw} needs \`from ...\` and \`to ...\``, span);
        probe = {
          kind: kw,
          from: from ?? { kind: "external", span },
          to: to ?? { kind: "ip", ip: "", span },
          port,
          protocol,
        };
        break;
      }
      case "reach":
        probe = this.reach(s);
        return { type: "expect", span, probe, matchers: [], divergences: [] };
      case "coredns":
        probe = { kind: "coredns" };
        break;
      case "apply": {
        const source = this.applySource(s, 1);
        probe = {
          kind: "apply",
          source: source ?? {
            kind: "inline",
            manifest: { text: "", path: span.file, line: span.line, column: 0 },
          },
        };
        break;
      }
      case "pod":
      case "service":
      case "node":
      case "deployment":
        probe = { kind: "object", ref: this.ref(it[1], kw, s) };
        if (kw === "service") this.checkRef("service", probe.ref, it[1]?.$span ?? span);
        break;
      default:
        this.unknown("check/unknown-probe", "probe", kw, it[0]?.$span ?? span, PROBES);
    }
    if (!s.block) this.error("check/expected", "expect needs a `{ matchers }` block", span);
    return {
      type: "expect",
      span,
      probe,
      matchers: this.matchers(s.block ?? [], probeKindOf(probe)),
      divergences: [],
    };
  }

  private port(item: ItemNode | undefined, s: Statement): [number | string, Protocol] {
    const v = item?.$type === "Word" ? item.value : "";
    const [p = "", proto = "TCP"] = v.split("/");
    const up = proto.toUpperCase();
    if (up !== "TCP" && up !== "UDP" && up !== "SCTP")
      this.unknown("check/invalid-protocol", "protocol", proto, item?.$span ?? s.$span, [
        "TCP",
        "UDP",
        "SCTP",
      ]);
    if (/^\d+$/.test(p)) {
      const n = Number(p);
      if (n < 1 || n > 65535)
        this.error("check/invalid-port", `port ${n} is out of range 1-65535`, item?.$span ?? s.$span);
      return [n, up as Protocol];
    }
    if (!p) this.error("check/expected", "expected a port (80/TCP or a port name)", item?.$span ?? s.$span);
    return [p, up as Protocol];
  }

  private destination(it: ItemNode[], i: number, s: Statement): Destination | undefined {
    const k = it[i];
    const v = it[i + 1];
    const val = v && (v.$type === "Word" || v.$type === "String") ? v.value : "";
    if (k?.$type !== "Word") return undefined;
    if (k.value === "pod" || k.value === "service" || k.value === "node")
      this.checkRef(k.value, k.value === "node" ? val : this.ref(v, k.value, s), v?.$span ?? k.$span);
    switch (k.value) {
      case "pod":
        return { kind: "pod", ref: this.ref(v, "pod", s), span: k.$span };
      case "service":
        return { kind: "service", ref: this.ref(v, "service", s), span: k.$span };
      case "name":
        return { kind: "name", name: val, span: k.$span };
      case "ip":
        if (!isIp(val))
          this.error("check/invalid-ip", `\`${val}\` is not a valid IP address`, v?.$span ?? s.$span);
        return { kind: "ip", ip: val, span: k.$span };
      case "node":
        return { kind: "node", name: val, span: k.$span };
    }
    this.unknown("check/unknown-destination", "destination", k.value, k.$span, [
      "pod",
      "service",
      "name",
      "ip",
      "node",
    ]);
    return undefined;
  }

  private reach(s: Statement): Probe {
    const it = s.items;
    const [port, protocol] =
      it[1]?.$type === "Word" && it[1].value === "port"
        ? this.port(it[2], s)
        : (this.error("check/expected", "expect reach needs `port 80/TCP`", s.$span),
          [0, "TCP" as Protocol] as const);
    const among: ObjectRef[] = [];
    const ai = it.findIndex((x) => x.$type === "Word" && x.value === "among");
    if (ai >= 0)
      for (let i = ai + 1; i < it.length; i++)
        if (it[i]?.$type === "Word" && (it[i] as { value: string }).value === "pod")
          among.push(this.ref(it[++i], "pod", s));
    const rows: ObjectRef[] = [];
    const expected: (boolean | null)[][] = [];
    for (const r of s.block ?? []) {
      rows.push(this.ref({ $type: "Word", value: r.head, $span: r.headSpan }, "pod", r));
      const cells: (boolean | null)[] = [];
      for (const c of r.items) {
        const v = c.$type === "Word" ? c.value : "";
        if (v === ".") cells.push(true);
        else if (v === "X" || v === "x") cells.push(false);
        else if (v === "-") cells.push(null);
        else {
          this.error(
            "check/invalid-reach-cell",
            `reach cell \`${v}\` is not \`.\` (allowed), \`X\` (denied) or \`-\` (not scored)`,
            c.$span,
          );
          cells.push(null);
        }
      }
      expected.push(cells);
    }
    const pods = among.length ? among : rows;
    for (const [i, cells] of expected.entries()) {
      if (cells.length !== pods.length)
        this.error(
          "check/reach-not-square",
          `row ${i + 1} has ${cells.length} cells but the matrix has ${pods.length} pods`,
          s.block![i]!.$span,
        );
    }
    return { kind: "reach", port, protocol, pods, expected, span: s.$span };
  }

  matchers(block: Statement[], kind: string): Matcher[] {
    const out: Matcher[] = [];
    const subjects = MATCHER_SUBJECTS[kind] ?? [];
    for (const m of block) {
      const subject = m.head;
      if (kind !== "reach" && !subjects.includes(subject)) {
        this.unknown("check/unknown-subject", `matcher subject for ${kind}`, subject, m.headSpan, subjects);
        continue;
      }
      const it = m.items;
      const span = m.$span;
      const opAt = (i: number): MatchOp | undefined => {
        const x = it[i];
        const v = x?.$type === "Op" || x?.$type === "Word" ? x.value : undefined;
        return v && OPS.includes(v) ? (v as MatchOp) : undefined;
      };
      if (it.length === 0) {
        out.push({ span, subject, op: "is" });
        continue;
      }
      const first = it[0]!;
      const fw = first.$type === "Word" ? first.value : undefined;
      if (opAt(0) && (subject === "tries" || subject === "hops") && it.length === 2) {
        // `tries has [A "x." SERVFAIL, ...]`: each listed try must (has) or must not (lacks) occur.
        const op = opAt(0)!;
        const list = this.listOf(it[1]!, subject === "tries" ? "try" : "hop", m);
        if (op === "has" || op === "lacks") {
          const items = list.kind === "list" ? list.items : [];
          for (const value of items) out.push({ span, subject, op, value });
        } else out.push({ span, subject, op, value: list });
      } else if (opAt(0)) {
        out.push({ span, subject, op: opAt(0)!, value: this.value(it.slice(1), m) });
      } else if (fw === "count" && opAt(1)) {
        out.push({ span, subject, field: "count", op: opAt(1)!, value: this.value(it.slice(2), m) });
      } else if ((fw === "all" || fw === "any" || fw === "none") && it[1]?.$type === "Word" && opAt(2)) {
        out.push({
          span,
          subject,
          quantifier: fw,
          field: it[1].value,
          op: opAt(2)!,
          value: this.value(it.slice(3), m),
        });
      } else if (subject === "because") {
        const text = it.map((x) => (x.$type === "Word" || x.$type === "String" ? x.value : "")).join(" ");
        out.push({ span, subject, op: "has", value: { kind: "string", value: text, span } });
      } else if (subject === "denied" && fw === "by") {
        out.push({
          span,
          subject,
          op: "is",
          value: {
            kind: "ident",
            value: it[1]?.$type === "Word" ? it[1].value : "",
            span: it[1]?.$span ?? span,
          },
        });
      } else if (subject === "tries" || subject === "hops") {
        out.push({
          span,
          subject,
          op: "==",
          value: this.listOf(first, subject === "tries" ? "try" : "hop", m),
        });
      } else if (subject === "lands-on") {
        out.push({ span, subject, op: "==", value: this.value(it, m) });
      } else {
        if (subject === "rcode" && fw && !RCODES.includes(fw))
          this.unknown("check/unknown-rcode", "rcode", fw, first.$span, RCODES);
        if (!fw || it.length > 1) {
          this.error(
            "check/invalid-matcher",
            `expected \`${subject} OP VALUE\` (OP one of ${OPS.join(" ")})`,
            span,
          );
          continue;
        }
        out.push({ span, subject, op: "is", value: { kind: "ident", value: fw, span: first.$span } });
      }
    }
    return out;
  }

  private listOf(item: ItemNode, kind: "try" | "hop", st: Statement): Value {
    if (item.$type !== "List") {
      this.error(
        "check/expected",
        `expected a list [...] of ${kind === "try" ? "tries" : "hops"}`,
        item.$span,
      );
      return { kind: "list", items: [], span: item.$span };
    }
    const items: Value[] = item.items.map((ph) => {
      const words = ph.map((x) => (x.$type === "Word" || x.$type === "String" ? x.value : ""));
      const span = ph[0]!.$span;
      if (kind === "hop") return { kind: "hop", hop: words[0]!, args: words.slice(1), span };
      const [a, b, c] = words;
      const qtype = words.length === 3 ? (a ?? "") : undefined;
      const name = (words.length === 3 ? b : a) ?? "";
      const rcode = (words.length === 3 ? c : b) ?? "";
      if (!RCODES.includes(rcode))
        this.unknown("check/unknown-rcode", "rcode", rcode, ph[ph.length - 1]!.$span, RCODES);
      if (qtype !== undefined && !RECORD_TYPES.includes(qtype))
        this.unknown("check/unknown-record-type", "record type", qtype, span, RECORD_TYPES);
      return { kind: "try", ...(qtype !== undefined ? { qtype } : {}), name, rcode, span };
    });
    void st;
    return { kind: "list", items, span: item.$span };
  }

  /** A value written as one phrase (`ip(pod x/a)`, `[a, b]`, `"s"`, `30`). */
  value(ph: ItemNode[], st: Statement): Value {
    const x = ph[0];
    if (!x) {
      this.error("check/expected-value", "expected a value", st.$span);
      return { kind: "ident", value: "", span: st.$span };
    }
    if (ph.length > 1) this.error("check/unexpected", "unexpected extra words after the value", ph[1]!.$span);
    const span = x.$span;
    switch (x.$type) {
      case "String":
      case "BlockString":
        return { kind: "string", value: x.value, span };
      case "List":
        return { kind: "list", items: x.items.map((p) => this.value(p, st)), span };
      case "Word": {
        const v = x.value;
        if (/^-?\d+(\.\d+)?$/.test(v)) return { kind: "number", value: Number(v), span };
        const d = duration(v);
        if (d !== undefined) return { kind: "duration", ms: d, span };
        if (isIp(v) || isCidr(v)) return { kind: "string", value: v, span };
        return { kind: "ident", value: v, span };
      }
      case "Call":
        return this.call(x, st);
      default:
        this.error("check/expected-value", "expected a value", span);
        return { kind: "ident", value: "", span };
    }
  }

  private call(x: ItemNode & { $type: "Call" }, st: Statement): Value {
    const span = x.$span;
    const fn = x.fn;
    if (REF_FNS.includes(fn)) {
      const ph = x.args[0] ?? [];
      const kind = ph[0]?.$type === "Word" ? ph[0].value : "";
      const target = this.ref(ph[1], kind, st);
      this.checkRef(kind, kind === "node" ? target.name : target, ph[1]?.$span ?? span);
      return { kind: "ref", fn: fn as SymbolicFn, target, span };
    }
    if (fn === "ips" || fn === "pods") {
      const namespace = firstNamespace(x);
      const selector: Record<string, string> = {};
      for (const ph of x.args) for (const it of ph) if (it.$type === "Pair") selector[it.key] = it.value;
      return { kind: "selection", fn, ...(namespace ? { namespace } : {}), selector, span };
    }
    if (fn === "any" || fn === "all" || fn === "none") {
      const ph = x.args[0] ?? [];
      // `any(pods x where pod=a)`: a selection written without its own `pods(...)` wrapper.
      const inner =
        ph[0]?.$type === "Word" && ph[0].value === "pods"
          ? this.call({ $type: "Call", fn: "pods", args: x.args, $span: span }, st)
          : this.value(ph, st);
      return { kind: "quantified", quantifier: fn, value: inner, span };
    }
    if (RECORD_FNS.includes(fn))
      return { kind: "record", rrtype: fn.toUpperCase(), args: x.args.map((p) => this.value(p, st)), span };
    this.unknown("check/unknown-function", "function", fn, span, [
      ...REF_FNS,
      "ips",
      "pods",
      "any",
      "all",
      "none",
      ...RECORD_FNS,
    ]);
    return { kind: "ident", value: fn, span };
  }

  /** Parses YAML of an inline manifest and checks each document has kind and metadata.name. */
  checkYaml(m: ManifestText, span: Span): void {
    let docs;
    try {
      docs = parseAllDocuments(m.text);
    } catch {
      return;
    }
    const list = Array.isArray(docs) ? docs : [docs];
    for (const d of list) {
      for (const e of d.errors) {
        const [l, c] = e.linePos?.[0] ? [e.linePos[0].line, e.linePos[0].col] : [1, 1];
        const line = m.line + l - 1;
        // Keep the caret on the line: the YAML parser reports end-of-input positions past its end, and
        // a blank line of an inline block has no stripped indentation to add back.
        const text = m.text.split("\n")[l - 1] ?? "";
        const column = text.trim() ? Math.min(c, text.length + 1) + m.column : 1;
        this.error("check/invalid-yaml", `invalid YAML: ${e.message.split("\n")[0]}`, {
          file: span.file,
          line,
          column,
          offset: span.offset,
          endLine: line,
          endColumn: column + 1,
          endOffset: span.offset,
        });
      }
      if (d.errors.length) continue;
      const o = d.toJS() as { kind?: unknown; metadata?: { name?: unknown } } | null;
      if (o === null || o === undefined) continue;
      if (typeof o !== "object" || !o.kind || !o.metadata?.name)
        this.error("check/incomplete-manifest", "manifest needs `kind` and `metadata.name`", span);
    }
  }
}

/** `ips(pods NS where ...)` / `pods(NS where ...)`: the word before `where`, if any. */
function firstNamespace(x: { args: ItemNode[][] }): string | undefined {
  const words = (x.args[0] ?? [])
    .filter((i) => i.$type === "Word")
    .map((i) => (i as { value: string }).value);
  if (words[0] === "pods") words.shift();
  return words[0] !== undefined && words[0] !== "where" ? words[0] : undefined;
}

function probeKindOf(p: Probe): string {
  return p.kind;
}

function plainValue(v: Value): unknown {
  switch (v.kind) {
    case "string":
      return v.value;
    case "number":
      return v.value;
    case "ident":
      return v.value === "true" ? true : v.value === "false" ? false : v.value === "null" ? null : v.value;
    case "list":
      return v.items.map(plainValue);
    default:
      return v;
  }
}

/** `300ms`, `5s`, `2m`, `1h` → milliseconds. */
export function duration(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms"];
}

export function isIp(s: string): boolean {
  const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  if (v4.test(s)) return true;
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(":")) return false;
  const parts = s.split("::");
  if (parts.length > 2) return false;
  const groups = parts.flatMap((p) => (p === "" ? [] : p.split(":")));
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g) && !v4.test(g))) return false;
  return parts.length === 2 ? groups.length < 8 : groups.length === 8;
}

export function isCidr(s: string): boolean {
  const [ip, bits, extra] = s.split("/");
  if (extra !== undefined || bits === undefined || !/^\d+$/.test(bits) || !ip || !isIp(ip)) return false;
  return Number(bits) <= (ip.includes(":") ? 128 : 32);
}
