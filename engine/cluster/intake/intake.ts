/**
 * Manifest intake: text → what kubectl would send (client.ts) → what the API server admits
 * (admission.ts), one object at a time, in order, each seeing the ones before it. Every refusal and
 * warning comes back located at the line and column of the field it is about.
 */
import type { SourceText } from "../../support/index.js";
import type { SourceLocation } from "../model.js";
import { clientObjects } from "./client.js";
import { LocatedApiError, serverAdmit, type ServerHost } from "./admission.js";
import { yamlDocuments, type Segment, type YamlDocument, type YamlParseError } from "./decode/yaml-json.js";
import { segmentsPath } from "./field-path.js";
import type { JsonObject } from "./json.js";
import type { KindInfo, KindRegistry } from "./kinds.js";
import { clientError, type ApiError, type ApiStatus } from "./status.js";
import { issuesOf, type AdmissionIssue } from "./issues.js";

export interface IntakeHost extends ServerHost {
  kinds: KindRegistry;
}

export interface IntakeResult {
  /** Where the object's document (or list item) starts. */
  location: SourceLocation;
  kind?: KindInfo;
  namespace: string;
  name: string;
  /** The object kubectl sent (the manifest after client-side handling). */
  sent?: JsonObject;
  /** The admitted object; absent when refused. */
  object?: JsonObject;
  previous?: JsonObject;
  /** The refusal, with where it points. */
  error?: { status: ApiStatus; location: SourceLocation; fieldPath?: string };
  /** Every problem as located diagnostics (the error's causes one by one, and warnings). */
  issues: AdmissionIssue[];
}

function locator(doc: YamlDocument, prefix: Segment[]): (path: Segment[], key?: boolean) => SourceLocation {
  return (path: Segment[], key?: boolean) => doc.locate([...prefix, ...path], key);
}

function refused(
  e: ApiError,
  path: Segment[],
  doc: YamlDocument,
  base: Omit<IntakeResult, "issues">,
  prefix: Segment[] = [],
): IntakeResult {
  const location = doc.locate(path);
  const fieldPath = path.length > prefix.length ? segmentsPath(path.slice(prefix.length)) : undefined;
  const result: IntakeResult = { ...base, error: { status: e.status, location, fieldPath }, issues: [] };
  const problems = e instanceof LocatedApiError ? e.problems : [];
  result.issues = issuesOf(result, problems, locator(doc, prefix));
  return result;
}

export interface IntakeOptions {
  /** Runs after each admitted object (the caller stores it, so later documents see it). */
  commit?(r: IntakeResult): void;
  /** Stop at the first refusal (the engine's apply); otherwise every document is tried (kubectl's way). */
  stopOnError?: boolean;
  /** Each object is whole (an edit of a stored object) and replaces what is stored. */
  replace?: boolean;
  /**
   * Return only the refusals (the engine's apply reads nothing else): the admitted objects' results
   * are not kept, so a large source's documents and results die young.
   */
  refusalsOnly?: boolean;
}

/** Admits every object of one source, in order. */
export function intakeSource(
  source: SourceText,
  host: IntakeHost,
  dryRun: boolean,
  opts: IntakeOptions,
): IntakeResult[] {
  const out: IntakeResult[] = [];
  let refusedOne = false;
  const stop = () => opts.stopOnError === true && refusedOne;
  const push = (r: IntakeResult) => {
    if (r.error) refusedOne = true;
    if (r.error || opts.refusalsOnly !== true) out.push(r);
  };
  let parseError: YamlParseError | undefined;
  for (const item of yamlDocuments(source)) {
    if (item.error) {
      parseError = item.error;
      break;
    }
    const doc = item.document;
    if (doc.value === undefined) continue;
    for (const c of clientObjects(doc, source.path, host.kinds)) {
      if (stop()) return out;
      if ("error" in c) {
        const r = refused(c.error, c.path, doc, {
          location: doc.locate(c.path.slice(0, 2)),
          namespace: "",
          name: "",
        });
        if (c.help) r.issues = r.issues.map((i) => ({ ...i, help: c.help }));
        push(r);
        continue;
      }
      const o = c.object;
      const base = {
        location: doc.locate(o.prefix),
        kind: o.kind,
        namespace: o.namespace,
        name: o.name,
        sent: o.body,
      };
      try {
        const admitted = serverAdmit(o.body, o.kind, host, dryRun, opts.replace === true);
        const r: IntakeResult = {
          location: base.location,
          kind: base.kind,
          namespace: base.namespace,
          name: base.name,
          sent: base.sent,
          object: admitted.object,
          previous: admitted.previous,
          issues: doc.duplicates.length ? duplicateWarnings(doc, o.prefix) : [],
        };
        opts.commit?.(r);
        push(r);
      } catch (e) {
        if (!(e instanceof LocatedApiError)) throw e;
        push(refused(e, [...o.prefix, ...e.path], doc, base, o.prefix));
      }
    }
  }
  if (parseError && !stop()) {
    const loc = parseError.location;
    const detail = parseError.bare
      ? parseError.message
      : `yaml: line ${loc.line - source.line + 1}: ${parseError.message}`;
    const e = clientError(`error parsing ${source.path}: error converting YAML to JSON: ${detail}`);
    const r: IntakeResult = {
      location: loc,
      namespace: "",
      name: "",
      error: { status: { ...e.status }, location: loc },
      issues: [],
    };
    r.issues = [{ severity: "error", code: "manifest/yaml", location: loc, message: e.status.message }];
    push(r);
  }
  return out;
}

function duplicateWarnings(doc: YamlDocument, prefix: Segment[]): AdmissionIssue[] {
  return doc.duplicates
    .filter((d) => prefix.every((s, i) => d.path[i] === s))
    .map((d) => ({
      severity: "warning" as const,
      code: "manifest/duplicate-field",
      location: d.location,
      fieldPath: segmentsPath(d.path.slice(prefix.length)),
      message: `duplicate field "${segmentsPath(d.path.slice(prefix.length))}": kubectl keeps the last value`,
    }));
}
