/**
 * Kube-style validation errors (apimachinery field.Error): `<Kind> "<name>" is invalid: <path>: <type>: <detail>`,
 * prefixed with the manifest file and line, thrown as ClusterError("manifest/invalid").
 */
import { ClusterError } from "../cluster-error.js";
import type { ManifestDoc } from "./yaml-docs.js";

/** field.Error value formatting: strings quoted, numbers and booleans bare. */
export function showValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  // Go's %#v of a []string, as field.Invalid prints slices.
  if (Array.isArray(v) && v.every((x) => typeof x === "string"))
    return `[]string{${v.map((x) => JSON.stringify(x)).join(", ")}}`;
  return JSON.stringify(v);
}

export type FieldErrorType =
  "Invalid value" | "Required value" | "Duplicate value" | "Unsupported value" | "Forbidden" | "Too many";

/** The context one document is admitted in: names the object and locates its fields. */
export class DocContext {
  constructor(
    readonly doc: ManifestDoc,
    readonly kind: string,
    readonly name: string,
  ) {}

  fail(fieldPath: string, type: FieldErrorType, value: unknown, detail?: string): never {
    const loc = this.doc.locate(fieldPath);
    let text = `${fieldPath}: ${type}`;
    if (type === "Invalid value" || type === "Duplicate value" || type === "Unsupported value")
      text += `: ${showValue(value)}`;
    if (detail) text += `: ${detail}`;
    throw new ClusterError(
      `${loc.path}:${loc.line}: ${this.kind} "${this.name}" is invalid: ${text}`,
      "manifest/invalid",
      loc,
      fieldPath,
    );
  }

  invalid(fieldPath: string, value: unknown, detail: string): never {
    return this.fail(fieldPath, "Invalid value", value, detail);
  }

  required(fieldPath: string, detail?: string): never {
    return this.fail(fieldPath, "Required value", undefined, detail);
  }

  /** An error not tied to a field (e.g. `namespaces "x" not found`). */
  plain(message: string, code = "manifest/invalid", fieldPath?: string): never {
    const loc = fieldPath ? this.doc.locate(fieldPath) : this.doc.location;
    throw new ClusterError(`${loc.path}:${loc.line}: ${message}`, code, loc, fieldPath);
  }
}
