/** The manifest texts of an `apply` step or `expect apply` probe (files read through the host). */
import type { ApplySource, FaultStep, ManifestText } from "../../dsl/index.js";
import { TargetError } from "../targets/index.js";
import type { RunnerHost } from "./options.js";

export function manifestsOf(source: ApplySource, host: RunnerHost): ManifestText[] {
  if (source.kind === "inline") return [source.manifest];
  const read = (path: string): ManifestText => {
    const text = host.readFile(path);
    if (text === undefined) throw new TargetError(`cannot read manifest file ${path}`, "user");
    return { path, text, line: 1, column: 0 };
  };
  if (source.kind === "file") return [read(source.path)];
  if (!host.isDirectory(source.path)) throw new TargetError(`${source.path} is not a directory`, "user");
  const files = host
    .listDir(source.path)
    .filter((n) => /\.(ya?ml|json)$/i.test(n))
    .sort();
  return files.map((n) => read(`${source.path.replace(/\/$/, "")}/${n}`));
}

/** `file=PATH` fault arguments (corefile-edit) read relative to the spec, like manifests. */
export function faultArgsOf(step: FaultStep, host: RunnerHost): FaultStep["args"] {
  return step.args.map((a) => {
    if (a.key !== "file") return a;
    const path = `${step.span.file.replace(/[^/]*$/, "")}${a.value}`;
    const text = host.readFile(path);
    if (text === undefined) throw new TargetError(`cannot read ${path} (fault ${step.name} file=)`, "user");
    return { ...a, key: "text", value: text };
  });
}
