/**
 * The API server's create and update of one object, in the order of
 * k8s.io/apiserver/pkg/endpoints/handlers/create.go and registry/generic/registry/store.go:
 * strict decoding into the versioned type (BadRequest), defaulting, mutating admission
 * (NamespaceLifecycle first: NotFound/Forbidden), the registry's BeginCreate/BeginUpdate, the
 * strategy's PrepareFor*, Validate and the generic object meta check (Invalid, every cause at once).
 */
import { strictDecode, type DecodeProblem } from "./decode/strict.js";
import { roundTrip } from "./decode/round-trip.js";
import type { Segment } from "./decode/yaml-json.js";
import type { FieldError } from "./field-errors.js";
import { fieldPathSegments } from "./field-path.js";
import { clone, isObject, jsonEqual, num, obj, str, type JsonObject } from "./json.js";
import type { KindInfo } from "./kinds.js";
import { rulesFor } from "./rules/index.js";
import type { RulesEnv } from "./rules/rules.js";
import { ApiError, badRequest, forbidden, invalid, notFound } from "./status.js";
import { metaOf } from "./validate/meta.js";
import { checkCustomObject } from "./rules/crd.js";
import { isValidPathSegmentName } from "./validate/names.js";
import { fe } from "./field-errors.js";

export interface ServerHost extends Omit<RulesEnv, "dryRun"> {
  namespacePhase(name: string): "Active" | "Terminating" | undefined;
  /** The stored object of that kind and name (for updates), as last admitted. */
  stored(kind: KindInfo, namespace: string, name: string): JsonObject | undefined;
  uid(): string;
}

export interface Admitted {
  object: JsonObject;
  /** The object as it was before (an update), or undefined (a create). */
  previous?: JsonObject;
}

/** An ApiError with where its first cause points in the document. */
export class LocatedApiError extends ApiError {
  constructor(
    inner: ApiError,
    readonly path: Segment[],
    /** Decoding problems one by one (each unknown field), when the refusal is a decode error. */
    readonly problems: DecodeProblem[] = [],
  ) {
    super(inner.status);
  }
}

function decode(body: JsonObject, kind: KindInfo): void {
  const sentKind = str(body, "kind");
  if (sentKind !== kind.kind)
    throw new LocatedApiError(
      badRequest(
        `${sentKind} in version ${JSON.stringify(kind.version)} cannot be handled as a ${kind.kind}: no kind ${JSON.stringify(sentKind)} is registered for version ${JSON.stringify(kind.group ? `${kind.group}/${kind.version}` : kind.version)} in scheme "pkg/runtime/scheme.go:100"`,
      ),
      ["kind"],
    );
  // handlers/create.go transformDecodeError names the version only (`in version "v1"`), group or not.
  const head = `${kind.kind} in version ${JSON.stringify(kind.version)} cannot be handled as a ${kind.kind}: `;
  if (kind.schema) {
    const unknown = checkCustomObject(body, kind.schema as JsonObject).unknown;
    if (unknown.length)
      throw new LocatedApiError(
        badRequest(`${head}strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(", ")}`),
        fieldPathSegments(unknown[0]!),
      );
    return;
  }
  if (!kind.def) return;
  const r = strictDecode(body, kind.def);
  if (r.typeError) throw new LocatedApiError(badRequest(head + r.typeError.message), r.typeError.path);
  if (r.unknown.length)
    throw new LocatedApiError(
      badRequest(`${head}strict decoding error: ${r.unknown.map((u) => u.message).join(", ")}`),
      r.unknown[0]!.path,
      r.unknown,
    );
}

function admitNamespace(kind: KindInfo, namespace: string, host: ServerHost, creating: boolean): void {
  if (!kind.namespaced) return;
  const phase = host.namespacePhase(namespace);
  if (phase === undefined)
    throw new LocatedApiError(notFound(`namespaces ${JSON.stringify(namespace)} not found`), [
      "metadata",
      "namespace",
    ]);
  if (phase === "Terminating" && creating)
    throw new LocatedApiError(
      forbidden(`unable to create new content in namespace ${namespace} because it is being terminated`),
      ["metadata", "namespace"],
    );
}

function fail(kind: KindInfo, name: string, errors: FieldError[]): never {
  throw new LocatedApiError(
    invalid(kind.group, kind.kind, name, errors),
    fieldPathSegments(errors[0]!.field),
  );
}

/** BeforeCreate's generic name check (path.ValidatePathSegmentName), after the kind's own. */
function genericMeta(kind: KindInfo, o: JsonObject): FieldError[] {
  const name = str(metaOf(o), "name");
  return isValidPathSegmentName(name).map((m) => fe.invalid("metadata.name", name, m));
}

function withLocation<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ApiError && !(e instanceof LocatedApiError)) {
      const cause = e.status.details?.causes[0];
      throw new LocatedApiError(e, cause ? fieldPathSegments(cause.field) : []);
    }
    throw e;
  }
}

/**
 * Create or update of one object kubectl sends; throws LocatedApiError when the server refuses. An
 * update is `kubectl apply`'s three-way merge onto the stored object (apply.go: fields dropped since
 * the last-applied configuration are removed, the rest of the live object kept) unless `replace`
 * (the body is a whole object, as label and patch edits send it).
 */
export function serverAdmit(
  body: JsonObject,
  kind: KindInfo,
  host: ServerHost,
  dryRun: boolean,
  replace = false,
): Admitted {
  decode(body, kind);
  const meta0 = metaOf(body);
  const name = str(meta0, "name");
  const namespace = kind.namespaced ? str(meta0, "namespace") : "";
  const previous = host.stored(kind, namespace, name);
  const o = previous && !replace ? applyMerge(previous, body) : clone(body);
  const rules = rulesFor(kind);
  const env: RulesEnv = { ...host, dryRun };
  rules.defaults?.(o, env);
  admitNamespace(kind, namespace, host, previous === undefined);
  return withLocation(() => {
    rules.admission?.(o, env, previous);
    if (previous) return { object: stored(update(o, previous, kind, env), kind, rules, env), previous };
    const m = metaOf(o);
    if (!kind.namespaced) delete m.namespace;
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
    m.creationTimestamp = host.now;
    m.uid = host.uid();
    if (rules.generation) m.generation = 1;
    o.metadata = m;
    rules.beginCreate?.(o, env);
    rules.prepareForCreate?.(o, env);
    const errors = rules.validate(o, env);
    if (errors.length) fail(kind, name, errors);
    const generic = genericMeta(kind, o);
    if (generic.length) fail(kind, name, generic);
    return { object: stored(o, kind, rules, env) };
  });
}

/**
 * What the server returns is the object after its storage round trip: encoded (protobuf for the
 * built-in kinds) and decoded again, which applies the versioned defaults a second time (so a Job's
 * labels pick up the generated template labels: SetDefaults_Job).
 */
function stored(
  o: JsonObject,
  kind: KindInfo,
  rules: ReturnType<typeof rulesFor>,
  env: RulesEnv,
): JsonObject {
  rules.defaults?.(o, env);
  const out = kind.def ? roundTrip(o, kind.def) : o;
  rules.decorate?.(out);
  return out;
}

/** The last configuration kubectl applied to a stored object. */
function lastAppliedOf(o: JsonObject): JsonObject {
  const text = str(obj(metaOf(o), "annotations"), "kubectl.kubernetes.io/last-applied-configuration");
  try {
    const v = JSON.parse(text) as unknown;
    return isObject(v) ? v : {};
  } catch {
    return {};
  }
}

/** A three-way merge (maps merged, lists replaced): what `kubectl apply`'s patch makes of live. */
function applyMerge(live: JsonObject, modified: JsonObject): JsonObject {
  const merge = (original: JsonObject, mod: JsonObject, current: JsonObject): JsonObject => {
    const out = clone(current);
    for (const [k, v] of Object.entries(mod)) {
      const cur = out[k];
      out[k] =
        isObject(v) && isObject(cur)
          ? merge(isObject(original[k]) ? (original[k] as JsonObject) : {}, v, cur)
          : clone(v);
    }
    for (const k of Object.keys(original)) if (!(k in mod)) delete out[k];
    return out;
  };
  return merge(lastAppliedOf(live), modified, live);
}

function update(o: JsonObject, previous: JsonObject, kind: KindInfo, env: RulesEnv): JsonObject {
  const rules = rulesFor(kind);
  const m = metaOf(o);
  const old = metaOf(previous);
  for (const k of ["uid", "creationTimestamp", "resourceVersion"]) if (old[k] !== undefined) m[k] = old[k]!;
  if (!kind.namespaced) delete m.namespace;
  o.metadata = m;
  rules.beginUpdate?.(o, previous, env);
  rules.prepareForUpdate?.(o, previous, env);
  if (rules.generation) {
    const changed = !jsonEqual(o.spec ?? null, previous.spec ?? null);
    m.generation = num(old, "generation") + (changed ? 1 : 0);
  }
  const errors = rules.validateUpdate ? rules.validateUpdate(o, previous, env) : rules.validate(o, env);
  if (errors.length) fail(kind, str(m, "name"), errors);
  return o;
}
