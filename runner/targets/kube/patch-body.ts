/** A step's patch as `kubectl patch` takes it: its `--type` and the body. */
import { parse } from "yaml";
import type { PatchOp } from "../../../dsl/index.js";

/**
 * `merge` for a YAML merge patch; `json` (RFC 6902) for a dotted-path set or remove. The body goes as
 * JSON on the command line: kubectl cannot open /dev/stdin when it is a socket (Node's pipes).
 */
export function patchBody(op: PatchOp): ["merge" | "json", unknown] {
  if (op.op === "merge") return ["merge", parse(op.patch.text)];
  const path = `/${op.path.split(".").join("/")}`;
  return ["json", [op.op === "set" ? { op: "add", path, value: op.value } : { op: "remove", path }]];
}
