/**
 * `netspec.config.yaml` (or `.yml`) in the working directory, or the file `--config` names: the
 * defaults a project sets once instead of repeating flags.
 *
 *   paths: [suites, more/specs]        # what run/check/list/fmt take when no paths are given
 *   targets: [reference]               # --target when none is given
 *   reporters: [console, junit:out/netspec.xml]   # --reporter when none is given
 *   variables: { NAMESPACE: shop }     # ${NAMESPACE} in specs; --var NAME=VALUE overrides
 *
 * Flags always win over the file. Paths in the file are relative to the file's folder.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import { parseDocument } from "yaml";
import { UsageError } from "./usage-error.js";

export interface NetspecConfig {
  /** The file read, relative to the working directory; undefined when there is none. */
  file?: string;
  paths?: string[];
  targets?: string[];
  reporters?: string[];
  variables?: Record<string, string>;
}

export const CONFIG_FILES = ["netspec.config.yaml", "netspec.config.yml"];
const KEYS = ["paths", "targets", "reporters", "variables"];

/** The project's config, or an empty one when there is no file (a named file must exist). */
export function loadConfig(cwd: string, explicit?: string): NetspecConfig {
  const file = explicit ?? CONFIG_FILES.find((f) => existsSync(join(cwd, f)));
  if (!file) return {};
  const path = isAbsolute(file) ? file : join(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`config file ${file} does not exist`, 2);
  }
  const doc = parseDocument(text);
  const err = doc.errors[0];
  if (err) {
    const at = err.linePos?.[0];
    throw new UsageError(
      `${file}:${at?.line ?? 1}:${at?.col ?? 1}: invalid YAML: ${err.message.split("\n")[0]}`,
      2,
    );
  }
  const raw = (doc.toJS() ?? {}) as Record<string, unknown>;
  const bad = (key: string, what: string): never => {
    throw new UsageError(`${file}: \`${key}\` must be ${what}`, 2);
  };
  if (typeof raw !== "object" || Array.isArray(raw)) bad("(top level)", "a mapping");
  for (const k of Object.keys(raw))
    if (!KEYS.includes(k))
      throw new UsageError(`${file}: unknown key \`${k}\` (known: ${KEYS.join(", ")})`, 2);
  const strings = (key: string): string[] | undefined => {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) bad(key, "a list of strings");
    return v as string[];
  };
  const base = relative(cwd, dirname(path));
  const vars = raw.variables;
  if (vars !== undefined && (typeof vars !== "object" || vars === null || Array.isArray(vars)))
    bad("variables", "a mapping of NAME: value");
  const variables = Object.fromEntries(
    Object.entries((vars ?? {}) as Record<string, unknown>).map(([k, v]) => {
      if (typeof v === "object" && v !== null) bad(`variables.${k}`, "a string, number or boolean");
      return [k, String(v)];
    }),
  );
  return {
    file: relative(cwd, path) || file,
    paths: strings("paths")?.map((p) => (base && !isAbsolute(p) ? join(base, p) : p)),
    targets: strings("targets"),
    reporters: strings("reporters"),
    ...(vars !== undefined ? { variables } : {}),
  };
}

/** `--var NAME=VALUE` flags over the config's variables. */
export function variablesOf(config: NetspecConfig, flags: string[]): Record<string, string> {
  const out = { ...(config.variables ?? {}) };
  for (const f of flags) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(f);
    if (!m) throw new UsageError(`--var takes NAME=VALUE (NAME: letters, digits, _), got "${f}"`);
    out[m[1]!] = m[2]!;
  }
  return out;
}
