#!/usr/bin/env node
/**
 * Generates engine/cluster/intake/schema/api-schema.generated.ts: the field knowledge the engine's
 * manifest decoding needs (kind → fields → types, which kinds a 1.31 kube-apiserver serves, their
 * resource names and scope), compacted from the OpenAPI data shipped in the k8s.io/kubernetes module
 * (api/openapi-spec/swagger.json). Run it after `netspec local build` has filled the Go module cache:
 *
 *   node scripts/gen-api-schema.mjs [path/to/swagger.json]
 *
 * Type codes: s string, b bool, i32/i64 integers, f float64, y []byte (base64), t metav1.Time,
 * q resource.Quantity, is intstr.IntOrString, a anything (RawExtension, apiextensions JSON),
 * [X a list of X, {X a map of string to X, @Name a definition (`core.v1.ServicePort`). A leading
 * `?` marks a field whose Go json tag has omitempty and `*` one whose Go type is a pointer (read
 * from the Go type definitions in the module cache): what the storage round trip and JSON encoding
 * do to empty and zero values depends on both.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const KUBERNETES = "v1.31.4";
const swaggerPath =
  process.argv[2] ??
  join(homedir(), "go/pkg/mod/k8s.io", `kubernetes@${KUBERNETES}`, "api/openapi-spec/swagger.json");

// The group-versions a default kube-apiserver 1.31.4 serves (`kubectl api-versions` against the
// server `netspec local build` makes; pkg/controlplane/apiserver/options and
// pkg/controlplane/instance.go DefaultAPIResourceConfigSource: beta and alpha APIs off by default).
const SERVED = new Set([
  "admissionregistration.k8s.io/v1",
  "apiextensions.k8s.io/v1",
  "apiregistration.k8s.io/v1",
  "apps/v1",
  "authentication.k8s.io/v1",
  "authorization.k8s.io/v1",
  "autoscaling/v1",
  "autoscaling/v2",
  "batch/v1",
  "certificates.k8s.io/v1",
  "coordination.k8s.io/v1",
  "discovery.k8s.io/v1",
  "events.k8s.io/v1",
  "flowcontrol.apiserver.k8s.io/v1",
  "flowcontrol.apiserver.k8s.io/v1beta3",
  "networking.k8s.io/v1",
  "node.k8s.io/v1",
  "policy/v1",
  "rbac.authorization.k8s.io/v1",
  "scheduling.k8s.io/v1",
  "storage.k8s.io/v1",
  "v1",
]);

const SPECIAL = {
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "is",
  "io.k8s.apimachinery.pkg.api.resource.Quantity": "q",
  "io.k8s.apimachinery.pkg.apis.meta.v1.Time": "t",
  "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": "t",
  "io.k8s.apimachinery.pkg.runtime.RawExtension": "a",
  "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": "a",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON": "a",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray": "a",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool": "a",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray": "a",
};

const swagger = JSON.parse(readFileSync(swaggerPath, "utf8"));
const MOD = join(homedir(), "go/pkg/mod/k8s.io");

/** The Go package directory of a definition, in the module cache. */
function packageDir(name) {
  const parts = name.split(".");
  const type = parts.pop();
  const pkg = parts.join(".");
  let dir;
  if (pkg.startsWith("io.k8s.api."))
    dir = join(MOD, "api@v0.31.4", ...pkg.slice("io.k8s.api.".length).split("."));
  else if (pkg.startsWith("io.k8s.apimachinery.pkg."))
    dir = join(
      MOD,
      "apimachinery@v0.31.4",
      "pkg",
      ...pkg.slice("io.k8s.apimachinery.pkg.".length).split("."),
    );
  else if (pkg.startsWith("io.k8s.apiextensions-apiserver.pkg."))
    dir = join(
      MOD,
      "apiextensions-apiserver@v0.31.4",
      "pkg",
      ...pkg.slice("io.k8s.apiextensions-apiserver.pkg.".length).split("."),
    );
  else if (pkg.startsWith("io.k8s.kube-aggregator.pkg."))
    dir = join(
      MOD,
      "kube-aggregator@v0.31.4",
      "pkg",
      ...pkg.slice("io.k8s.kube-aggregator.pkg.".length).split("."),
    );
  return { dir, type };
}

const structCache = new Map();

/** `type X struct { ... }` of a Go package → json name → {omitempty, pointer}; inline fields flattened. */
function goStruct(dir, type) {
  const key = `${dir}/${type}`;
  if (structCache.has(key)) return structCache.get(key);
  const fields = new Map();
  structCache.set(key, fields);
  if (!dir || !existsSync(dir)) return fields;
  for (const f of readdirSync(dir).filter(
    (n) => n.endsWith(".go") && !n.endsWith("_test.go") && !n.startsWith("zz_") && !n.includes("generated"),
  )) {
    const text = readFileSync(join(dir, f), "utf8");
    const start = text.indexOf(`\ntype ${type} struct {`);
    if (start < 0) continue;
    const body = text.slice(start, text.indexOf("\n}", start));
    for (const line of body.split("\n").slice(1)) {
      const l = line.replace(/\/\/.*$/, "").trim();
      const inline = /^\*?([\w.]+)\s+`json:",inline"/.exec(l);
      if (inline) {
        const [q, t] = inline[1].includes(".") ? inline[1].split(".") : [undefined, inline[1]];
        const sub =
          q === "metav1" ? goStruct(join(MOD, "apimachinery@v0.31.4/pkg/apis/meta/v1"), t) : goStruct(dir, t);
        for (const [k, v] of sub) fields.set(k, v);
        continue;
      }
      const m = /^(\w+)\s+(\S+)\s+`json:"([^"]*)"/.exec(l);
      if (!m) continue;
      const [name, ...opts] = m[3].split(",");
      if (!name || name === "-") continue;
      fields.set(name, { omitempty: opts.includes("omitempty"), pointer: m[2].startsWith("*") });
    }
    break;
  }
  return fields;
}
const defs = swagger.definitions;

/** `io.k8s.api.core.v1.ServicePort` → `core.v1.ServicePort` (shorter, still unique). */
function short(name) {
  return name
    .replace(/^io\.k8s\.api\./, "")
    .replace(/^io\.k8s\.apimachinery\.pkg\.apis\./, "")
    .replace(/^io\.k8s\.apiextensions-apiserver\.pkg\.apis\./, "")
    .replace(/^io\.k8s\.kube-aggregator\.pkg\.apis\./, "");
}

const used = new Map();

function typeOf(p) {
  if (p.$ref) {
    const name = p.$ref.replace("#/definitions/", "");
    if (SPECIAL[name]) return SPECIAL[name];
    visit(name);
    return `@${short(name)}`;
  }
  if (p.allOf && p.allOf.length === 1) return typeOf(p.allOf[0]);
  switch (p.type) {
    case "string":
      return p.format === "byte"
        ? "y"
        : p.format === "date-time"
          ? "t"
          : p.format === "int-or-string"
            ? "is"
            : "s";
    case "boolean":
      return "b";
    case "integer":
      return p.format === "int32" ? "i32" : "i64";
    case "number":
      return "f";
    case "array":
      return `[${typeOf(p.items)}`;
    case "object":
      return p.additionalProperties ? `{${typeOf(p.additionalProperties)}` : "a";
    default:
      return "a";
  }
}

function visit(name) {
  if (used.has(short(name)) || SPECIAL[name]) return;
  const d = defs[name];
  if (!d) throw new Error(`no definition ${name}`);
  const entry = { go: goName(name), f: {} };
  used.set(short(name), entry);
  const { dir, type } = packageDir(name);
  const tags = goStruct(dir, type);
  for (const [field, p] of Object.entries(d.properties ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const tag = tags.get(field);
    entry.f[field] = `${tag?.omitempty ? "?" : ""}${tag?.pointer ? "*" : ""}${typeOf(p)}`;
  }
  if (tags.size === 0 && Object.keys(d.properties ?? {}).length)
    console.error(`no Go struct for ${name} (${dir})`);
  if (d.required?.length) entry.r = [...d.required].sort();
}

/** The Go type as encoding/json names it: package name (last path element) and type. */
function goName(name) {
  const parts = name.split(".");
  return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
}

const kinds = {};
for (const [path, ops] of Object.entries(swagger.paths)) {
  const post = ops.post;
  const gvk = post?.["x-kubernetes-group-version-kind"];
  if (!gvk || post["x-kubernetes-action"] !== "post") continue;
  const gv = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
  if (!SERVED.has(gv)) continue;
  // Subresources (pods/{name}/binding, .../eviction) are not kinds a manifest creates.
  const m = /\/(namespaces\/\{namespace\}\/)?([a-z0-9]+)$/.exec(path);
  if (!m || path.includes("{name}")) continue;
  const ref = post.parameters?.find((x) => x.in === "body")?.schema?.$ref?.replace("#/definitions/", "");
  if (!ref) continue;
  const key = `${gv}/${gvk.kind}`;
  if (kinds[key] && kinds[key].n) continue;
  kinds[key] = { d: `@${short(ref)}`, r: m[2], n: m[1] ? 1 : 0 };
  visit(ref);
}

const data = {
  version: KUBERNETES,
  kinds,
  defs: Object.fromEntries([...used].sort(([a], [b]) => a.localeCompare(b))),
};
const out = `/**
 * GENERATED by scripts/gen-api-schema.mjs from k8s.io/kubernetes@${KUBERNETES} api/openapi-spec/swagger.json:
 * the kinds a default kube-apiserver serves and the fields and types of their objects. Do not edit.
 */
import type { ApiSchemaData } from "./schema-types.js";

export const API_SCHEMA_DATA: ApiSchemaData = JSON.parse(${JSON.stringify(JSON.stringify(data))}) as ApiSchemaData;
`;
writeFileSync(new URL("../engine/cluster/intake/schema/api-schema.generated.ts", import.meta.url), out);
console.log(`${Object.keys(kinds).length} kinds, ${used.size} definitions`);
