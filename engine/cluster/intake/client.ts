/**
 * What kubectl does with a manifest before the API server sees it (`kubectl apply -f`, default
 * `--validate=strict`): the basic object checks of k8s.io/kubectl/pkg/validation getObjectKind, the
 * resource builder's decoding of apiVersion/kind/metadata (k8s.io/cli-runtime resource mapper:
 * "unable to decode"), the REST mapping ("no matches for kind"), `kind: List` flattening, the
 * default namespace for namespaced kinds, and the last-applied-configuration annotation it adds.
 */
import { clientMetadataError } from "./decode/strict.js";
import type { Json, Segment, YamlDocument } from "./decode/yaml-json.js";
import { isObject, obj, str, type JsonObject } from "./json.js";
import { gv, parseGroupVersion, type KindInfo, type KindRegistry } from "./kinds.js";
import { sortedJsonLastApplied } from "./sorted-json.js";
import { clientError, type ApiError } from "./status.js";

export interface ClientObject {
  /** The object as kubectl sends it. */
  body: JsonObject;
  kind: KindInfo;
  namespace: string;
  name: string;
  /** JSON path prefix inside the document (`items[2]` for list items). */
  prefix: Segment[];
}

export type ClientResult = { object: ClientObject } | { error: ApiError; path: Segment[]; help?: string };

const validateSuffix = "; if you choose to ignore these errors, turn validation off with --validate=false";

function basicChecks(v: Json | undefined, file: string): ApiError | undefined {
  const errs: string[] = [];
  if (!isObject(v)) errs.push("invalid object to validate");
  else {
    const apiVersion = v.apiVersion;
    if (apiVersion === undefined || apiVersion === null) errs.push("apiVersion not set");
    else if (typeof apiVersion !== "string") errs.push("apiVersion isn't string type");
    else {
      const p = parseGroupVersion(apiVersion);
      if (typeof p === "string") errs.push(p);
    }
    if (v.kind === undefined || v.kind === null) errs.push("kind not set");
    else if (typeof v.kind !== "string") errs.push("kind isn't string type");
  }
  if (errs.length === 0) return undefined;
  const agg = errs.length === 1 ? errs[0]! : `[${errs.join(", ")}]`;
  return clientError(
    `error validating ${JSON.stringify(file)}: error validating data: ${agg}${validateSuffix}`,
  );
}

/** Expands `kind: List` (and `*List` with items) into its items, as kubectl's builder flattens them. */
export function flatten(v: JsonObject): { body: Json; prefix: Segment[] }[] {
  const kind = typeof v.kind === "string" ? v.kind : "";
  if ((kind === "List" || kind.endsWith("List")) && Array.isArray(v.items))
    return v.items.map((item, i) => ({ body: item, prefix: ["items", i] }));
  return [{ body: v, prefix: [] }];
}

/** The last-applied-configuration annotation kubectl apply writes (the object as sent, keys sorted). */
export function lastApplied(body: JsonObject): string {
  return sortedJsonLastApplied(body, LAST_APPLIED);
}

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/** Every object of one document as kubectl would send it, or kubectl's refusal. */
export function clientObjects(doc: YamlDocument, file: string, kinds: KindRegistry): ClientResult[] {
  const basic = basicChecks(doc.value, file);
  if (basic) return [{ error: basic, path: [] }];
  const top = doc.value as JsonObject;
  const out: ClientResult[] = [];
  for (const item of flatten(top)) {
    const b = item.prefix.length ? basicChecks(item.body, file) : undefined;
    if (b) {
      out.push({ error: b, path: item.prefix });
      continue;
    }
    const body = item.body as JsonObject;
    const metaError = clientMetadataError(body);
    if (metaError) {
      out.push({
        error: clientError(`unable to decode ${JSON.stringify(file)}: ${metaError.message}`),
        path: [...item.prefix, ...metaError.path],
      });
      continue;
    }
    const apiVersion = str(body, "apiVersion");
    const kindName = str(body, "kind");
    const meta = obj(body, "metadata");
    const kind = kinds.resolve(apiVersion, kindName);
    if (!kind) {
      out.push({
        help: kinds.hint(kindName),
        error: clientError(
          `resource mapping not found for name: ${JSON.stringify(str(meta, "name"))} namespace: ${JSON.stringify(str(meta, "namespace"))} from ${JSON.stringify(file)}: no matches for kind ${JSON.stringify(kindName)} in version ${JSON.stringify(apiVersion)}\nensure CRDs are installed first`,
        ),
        path: [...item.prefix, "kind"],
      });
      continue;
    }
    const namespace = kind.namespaced ? str(meta, "namespace") || "default" : str(meta, "namespace");
    // One copy of the metadata, keys in the order `{ ...meta, namespace }` then
    // `{ ...that, annotations }` gave them (assigning a present key keeps its place).
    const m: JsonObject = { ...meta };
    if (kind.namespaced) {
      m.namespace = namespace;
      body.metadata = m;
    }
    const name = str(meta, "name");
    if (!name) {
      out.push({
        error: clientError(retrievalError(kind, name, namespace, file)),
        path: [...item.prefix, "metadata"],
      });
      continue;
    }
    const annotations = { ...obj(m, "annotations"), [LAST_APPLIED]: lastApplied(body) };
    m.annotations = annotations;
    body.metadata = m;
    out.push({ object: { body, kind, namespace, name, prefix: item.prefix } });
  }
  return out;
}

/** kubectl apply's GET of the live object fails before any request when the name is empty. */
function retrievalError(kind: KindInfo, name: string, namespace: string, file: string): string {
  return `error when retrieving current configuration of:\nResource: "${kind.group}/${kind.version}, Resource=${kind.resource}", GroupVersionKind: "${kind.group}/${kind.version}, Kind=${kind.kind}"\nName: "${name}", Namespace: "${namespace}"\nfrom server for: ${JSON.stringify(file)}: resource name may not be empty`;
}

export { gv };
