/**
 * An admission disagreement as a `.netspec` file a person can run: the case's namespace and setup
 * applied, then `expect apply file` of the probe (kept beside it as YAML, since a probe may lack
 * what `netspec check` wants of inline manifests) holding what kube-apiserver 1.31.4 said — its
 * verdict and the start of its message — so `netspec run --target reference THIS_FILE` fails
 * exactly until the engine admits as the server does. Defaulting differences are in the header.
 */
import type { AdmissionCase } from "./case.js";
import type { Outcome } from "./outcome.js";

const indent = (text: string, n: number) =>
  text
    .split("\n")
    .map((l) => (l ? " ".repeat(n) + l : l))
    .join("\n");

/** A regex matching `text` literally (a quoted file path matching any path), as a .netspec string. */
export function literalPattern(text: string): string {
  const parts = text.split(/("\/[^"]*\.yaml")/);
  const re = parts.map((p, i) => (i % 2 ? '"[^"]*"' : p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
  return `"${re.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** The part of a message worth asserting: the first cause (without the object's name when long). */
function messageCore(message: string): string {
  const m = /is invalid: \[?(.*?)(?:, [a-z][\w.[\]]*: |\]?$)/.exec(message);
  const core = (m ? m[1]! : message).split("\n")[0]!;
  return core.length > 160 ? core.slice(0, 160) : core;
}

export function admissionReproduction(
  c: AdmissionCase,
  namespaceDoc: string,
  server: Outcome,
  differences: string[],
  /** The probe's file name, beside the .netspec file. */
  probeFile = `${c.id.replace(":", "-")}.probe.yaml`,
): string {
  const verdict = server.accepted
    ? "accepted"
    : `rejected\n      message matches ${literalPattern(messageCore(server.message))}`;
  return `# Admission case ${c.id} (${c.family}): ${c.title.replaceAll("\n", " ")}
# The reference engine and kube-apiserver 1.31.4 disagree:
${differences.map((d) => `#   ${d.replaceAll("\n", "\n#   ")}`).join("\n")}
# The expectation holds the server's answer. Reproduce: netspec run --target reference THIS_FILE
suite "admission difftest ${c.id}" {
  cluster kubeadm { nodes 1 }
  apply """
${indent([namespaceDoc, ...c.setup].join("\n---\n"), 4)}
  """

  test "${c.family}: kube-apiserver ${server.accepted ? "admits" : "rejects"} it" {
    expect apply file "${probeFile}" {
      ${verdict}
    }
  }
}
`;
}
