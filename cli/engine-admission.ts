/**
 * The adapter between `netspec check` and the engine's admission: builds a cluster from a suite's
 * block (which parses its Corefile with the engine's Corefile parser, engine/dns/corefile) and admits
 * manifest texts one document at a time through the engine facade, so every invalid document is
 * found, not only the first. Positions come back relative to the text given (line 1, column 1 is
 * the text's first character); cli/spec-checks.ts maps them into the file the user edits.
 *
 * This is the one place `check` reaches the engine: when engine/index.ts exports its pure admission
 * function (every error of a set of sources, located), this file becomes a call to it.
 */
import { parseAllDocuments } from "yaml";
import { createEngine, EngineError, type ClusterSpec, type Engine } from "../engine/index.js";
import type { ClusterSettings, ManifestText } from "../dsl/index.js";

/** One problem, located in the text it came from (1-based, relative to that text). */
export interface AdmissionProblem {
  code: string;
  /** The engine's message without its `path:line:` prefix. */
  message: string;
  source: ManifestText;
  line?: number;
  column?: number;
  fieldPath?: string;
  /** The engine's hint (`did you mean "selector"?`), which its message carries as `help:` lines. */
  help?: string;
}

/** The engine's cluster spec of a suite's block, with or without its own Corefile. */
function specOf(c: ClusterSettings, withCorefile: boolean): ClusterSpec {
  const { span: _span, corefile, network, ...rest } = c;
  // The engine reads `line`/`column` as where the text's first character sits (1-based): text-relative.
  return {
    ...rest,
    ...(withCorefile && corefile ? { corefile: relative(corefile) } : {}),
    ...(network ? { network: relative(network) } : {}),
  };
}

const relative = (m: ManifestText) => ({ path: m.path, text: m.text, line: 1, column: 1 });

function problem(error: EngineError, source: ManifestText): AdmissionProblem {
  const loc = error.location;
  const prefix = loc ? `${loc.path}:${loc.line}: ` : "";
  const text =
    prefix && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  const [message, ...helps] = text.split("\n  help: ");
  return {
    code: error.code,
    message: message!,
    ...(helps.length > 0 ? { help: helps.join("; ") } : {}),
    source,
    ...(loc ? { line: loc.line, column: loc.column } : {}),
    ...(error.fieldPath ? { fieldPath: error.fieldPath } : {}),
  };
}

/**
 * A cluster for admitting manifests into, and the problems of its block: invalid settings, or a
 * Corefile the engine's parser rejects (then the cluster is built with the profile's Corefile so the
 * manifests can still be checked).
 */
export function clusterFor(c: ClusterSettings): { engine?: Engine; problems: AdmissionProblem[] } {
  try {
    return { engine: createEngine(specOf(c, true), { seed: 1 }), problems: [] };
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    // A refusal of the install's Network CR points into its manifest text.
    if (c.network && error.location?.path === c.network.path)
      return { problems: [problem(error, c.network)] };
    const source = c.corefile && error.code.startsWith("corefile/") ? c.corefile : undefined;
    const problems = [
      source ? problem(error, source) : { code: error.code, message: error.message, source: blank(c) },
    ];
    if (!source) return { problems };
    try {
      return { engine: createEngine(specOf(c, false), { seed: 1 }), problems };
    } catch {
      return { problems };
    }
  }
}

const blank = (c: ClusterSettings): ManifestText => ({
  path: c.span?.file ?? "",
  text: "",
  line: c.span?.line ?? 1,
  column: 0,
});

/**
 * Admits `texts` in order into `engine`, each YAML document on its own: the problems of every
 * document that the engine refuses. Texts that are not valid YAML are the language's to report.
 */
export function admitTexts(engine: Engine, texts: ManifestText[]): AdmissionProblem[] {
  const out: AdmissionProblem[] = [];
  for (const m of texts)
    for (const doc of documents(m.text)) {
      try {
        // Column 0: the engine adds a source's column to every column it reports (an inline block's
        // stripped indentation); positions stay text-relative here and spec-checks.ts maps them.
        engine.apply([{ path: m.path, text: doc.text, line: doc.line, column: 0 }]);
      } catch (error) {
        if (!(error instanceof EngineError)) throw error;
        out.push(problem(error, m));
      }
    }
  return out;
}

/** The documents of a YAML stream, each as text with the (1-based) line of the stream it starts on. */
function documents(text: string): { text: string; line: number }[] {
  let docs;
  try {
    docs = parseAllDocuments(text);
  } catch {
    return [];
  }
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.some((d) => d.errors.length > 0)) return [];
  const starts = list.map((d) => text.lastIndexOf("\n", (d.range?.[0] ?? 0) - 1) + 1);
  return list.map((d, i) => {
    const from = i === 0 ? 0 : starts[i]!;
    const to = i + 1 < list.length ? starts[i + 1]! : text.length;
    return { text: text.slice(from, to), line: text.slice(0, from).split("\n").length };
  });
}
