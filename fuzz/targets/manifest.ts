/**
 * Manifest intake (`apply`): every input is either admitted — each object it names is then stored —
 * or refused with an EngineError `manifest/…` located in the file (path, a line inside it, and the
 * message prefixed `path:line:`), with a field path whenever the error is about a field
 * (apimachinery field.Error, `<Kind> "<name>" is invalid: <path>: …`). Any other exception is a crash.
 * Controllers then run on what was admitted (one virtual second) and must not throw either.
 *
 * Building a kubeadm engine takes about 100 ms, so one engine takes 100 inputs before it is replaced:
 * later inputs meet the objects of earlier ones (updates, name clashes), which is intake's real life.
 */
import { readFileSync } from "node:fs";
import { createEngine, EngineError } from "../../engine/index.js";
import type { Engine } from "../../engine/index.js";
import { filesUnder, tripleQuoted } from "../seeds.js";
import { bytes, utf8, Violation, type FuzzTarget } from "../target.js";

const PATH = "fuzz/manifest.yaml";
const INPUTS_PER_ENGINE = 100;

function checkRefusal(e: EngineError, text: string): void {
  const lines = text.split("\n").length;
  if (!e.code.startsWith("manifest/")) throw new Violation("refusal-code", e.code);
  if (!e.location) throw new Violation("refusal-unlocated", e.code);
  const { path, line } = e.location;
  if (path !== PATH) throw new Violation("refusal-path", path);
  if (!(line >= 1 && line <= lines)) throw new Violation("refusal-line", `line ${line} of ${lines}`);
  if (!e.message.startsWith(`${PATH}:${line}: `))
    throw new Violation("refusal-message", "not prefixed path:line:");
  if (/ is invalid: /.test(e.message) && !e.fieldPath) throw new Violation("refusal-field-path", e.code);
}

export const manifestTarget: FuzzTarget = {
  name: "manifest",
  summary: "manifest intake: admitted, or refused with a located error",
  ext: "yaml",
  maxLen: 4096,
  text: true,
  scope: /\/engine\/cluster\/|\/yaml\/dist\//,
  seeds: (root) => [
    ...filesUnder(root, ["suites", "test"], (n) => /\.ya?ml$/.test(n)).map((p) =>
      bytes(readFileSync(p, "utf8")),
    ),
    ...tripleQuoted(root, /^apply$/).map(bytes),
  ],
  dictionary: [
    "apiVersion: v1\n",
    "apiVersion: apps/v1\n",
    "apiVersion: discovery.k8s.io/v1\n",
    "apiVersion: networking.k8s.io/v1\n",
    "kind: Service\n",
    "kind: Pod\n",
    "kind: Deployment\n",
    "kind: EndpointSlice\n",
    "kind: NetworkPolicy\n",
    "kind: Namespace\n",
    "kind: ConfigMap\n",
    "metadata:\n  name: a\n",
    "namespace: ",
    "spec:\n",
    "ports: [{ port: 80 }]",
    "selector: { app: a }",
    "clusterIP: None",
    "type: ExternalName",
    "externalName: ",
    "ipFamilies: [IPv6]",
    "ipFamilyPolicy: RequireDualStack",
    "containers: [{ name: c, image: x }]",
    "hostname: ",
    "subdomain: ",
    "---\n",
    "&a ",
    "*a",
    "<<: ",
    "!!str ",
    "[",
    "{",
    ": ",
    "- ",
  ],
  create() {
    let engine: Engine | undefined;
    let used = 0;
    return {
      run(data) {
        if (!engine || used++ >= INPUTS_PER_ENGINE) {
          engine = createEngine({ profile: "kubeadm", nodes: 2 }, { seed: 9 });
          used = 1;
        }
        const text = utf8(data);
        let applied;
        try {
          applied = engine.apply([{ path: PATH, text, line: 1, column: 0 }]).applied;
        } catch (e) {
          if (!(e instanceof EngineError)) throw e;
          return checkRefusal(e, text);
        }
        for (const key of applied)
          if (!engine.get(key))
            throw new Violation("admitted-not-stored", `${key.kind} ${key.namespace ?? ""}/${key.name}`);
        engine.advance(1000);
      },
    };
  },
};
