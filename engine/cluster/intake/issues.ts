/**
 * A refusal as located diagnostics, one per problem: each cause of an Invalid error at its own
 * field (`Service "x" is invalid: spec.ports[0].name: ...`), each unknown field of a strict decoding
 * error at its key with a did-you-mean, anything else at the field it names or the document.
 */
import type { SourceLocation } from "../model.js";
import type { DecodeProblem } from "./decode/strict.js";
import type { Segment } from "./decode/yaml-json.js";
import { fieldErrorText } from "./field-errors.js";
import { fieldPathSegments } from "./field-path.js";
import type { ApiStatus } from "./status.js";

export interface AdmissionIssue {
  severity: "error" | "warning";
  /** manifest/invalid, manifest/decode, manifest/unknown-field, manifest/unknown-kind, manifest/namespace, manifest/yaml, ... */
  code: string;
  location: SourceLocation;
  /** The field the problem is about (`spec.ports[0].name`), when there is one. */
  fieldPath?: string;
  /** The API server's (or kubectl's) words for this one problem. */
  message: string;
  help?: string;
}

interface Refusal {
  location: SourceLocation;
  error?: { status: ApiStatus; location: SourceLocation; fieldPath?: string };
}

export function codeOf(status: ApiStatus): string {
  if (status.reason === "Invalid") return "manifest/invalid";
  if (status.reason === "NotFound") return "manifest/namespace-not-found";
  if (status.reason === "BadRequest") return "manifest/decode";
  if (status.reason === "InternalError") return "manifest/allocation";
  if (status.reason === "Forbidden") return "manifest/forbidden";
  if (/no matches for kind/.test(status.message)) return "manifest/unknown-kind";
  if (/^error parsing/.test(status.message)) return "manifest/yaml";
  return "manifest/invalid";
}

export function issuesOf(
  r: Refusal,
  problems: DecodeProblem[],
  at: (path: Segment[], key?: boolean) => SourceLocation,
): AdmissionIssue[] {
  const e = r.error;
  if (!e) return [];
  const s = e.status;
  if (s.reason === "Invalid" && s.details) {
    const d = s.details;
    const gk = d.group ? `${d.kind}.${d.group}` : d.kind;
    // A cause repeated word for word is listed once, as kubectl lists them (helpers.go
    // statusCausesToAggrError) and as the Status message aggregates them.
    const seen = new Set<string>();
    return d.causes.flatMap((c) => {
      const text = fieldErrorText(c);
      if (seen.has(text)) return [];
      seen.add(text);
      return [
        {
          severity: "error" as const,
          code: "manifest/invalid",
          location: at(fieldPathSegments(c.field)),
          fieldPath: c.field,
          message: `${gk} ${JSON.stringify(d.name)} is invalid: ${text}`,
        },
      ];
    });
  }
  if (problems.length > 1 || (problems.length === 1 && problems[0]!.known)) {
    const head = s.message.slice(0, s.message.indexOf("strict decoding error: "));
    return problems.map((p) => ({
      severity: "error" as const,
      code: "manifest/unknown-field",
      location: at(p.path, true),
      fieldPath: fieldOf(p.path),
      message: `${head}strict decoding error: ${p.message}`,
      help: didYouMean(String(p.path[p.path.length - 1]), p.known ?? []),
    }));
  }
  return [
    { severity: "error", code: codeOf(s), location: e.location, fieldPath: e.fieldPath, message: s.message },
  ];
}

function fieldOf(path: Segment[]): string {
  let out = "";
  for (const s of path) out += typeof s === "number" ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

/** The known field nearest to a misspelt one (Damerau-free edit distance ≤ 2, or a case-only slip). */
export function didYouMean(field: string, known: string[]): string | undefined {
  let best: [string, number] | undefined;
  for (const k of known) {
    const d = k.toLowerCase() === field.toLowerCase() ? 0.5 : distance(field, k);
    if (d <= Math.max(2, Math.floor(field.length / 4)) && (!best || d < best[1])) best = [k, d];
  }
  return best ? `did you mean "${best[0]}"?` : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
