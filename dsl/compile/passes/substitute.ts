/**
 * Variables: `${NAME}` in words, strings and block strings (inline manifests and Corefiles) takes the
 * value the run was given (`--var NAME=VALUE`, the config file's `variables`), right after parsing, so
 * every later check sees the substituted text. `$${NAME}` stands for a literal `${NAME}` (a shell
 * script in a ConfigMap). A name without a value is an error at its own place in the file. Manifest
 * and Corefile files are not substituted: they stay what `kubectl apply -f` would read.
 */
import type { ItemNode, SpecFile, Statement } from "../../ast.js";
import type { Span } from "../../span.js";
import type { Session } from "../session.js";

const VARIABLE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function substitute(ast: SpecFile, text: string, session: Session): void {
  if (!text.includes("${")) return;
  const walk = (statements: Statement[]) => {
    for (const st of statements) {
      for (const item of st.items) visit(item);
      if (st.block) walk(st.block);
    }
  };
  const visit = (item: ItemNode) => {
    switch (item.$type) {
      case "Word":
      case "String":
      case "BlockString":
        item.value = replace(item.value, item.$span, text, session);
        break;
      case "Pair":
        item.value = replace(item.value, item.$span, text, session);
        break;
      case "List":
        item.items.forEach((p) => p.forEach(visit));
        break;
      case "Call":
        item.args.forEach((p) => p.forEach(visit));
        break;
      default:
        break;
    }
  };
  walk(ast.statements);
}

function replace(value: string, span: Span, text: string, session: Session): string {
  if (!value.includes("${")) return value;
  const vars = session.variables;
  let searchFrom = span.offset;
  return value.replace(VARIABLE, (all, escaped: string, name: string) => {
    if (escaped) return all.slice(1);
    // Where this occurrence sits in the file, for the error's caret.
    const at = text.indexOf(all, searchFrom);
    if (at >= 0) searchFrom = at + all.length;
    const v = vars[name];
    if (v !== undefined) return v;
    const known = Object.keys(vars);
    session.error(
      "check/undefined-variable",
      `variable \`${name}\` has no value`,
      at >= 0 ? spanAt(text, span.file, at, all.length) : span,
      known.length
        ? `give it one with --var ${name}=VALUE or under \`variables\` in netspec.config.yaml (defined: ${known.join(", ")})`
        : `give it one with --var ${name}=VALUE or under \`variables\` in netspec.config.yaml`,
    );
    return all;
  });
}

function spanAt(text: string, file: string, offset: number, length: number): Span {
  const before = text.slice(0, offset).split("\n");
  const line = before.length;
  const column = before.at(-1)!.length + 1;
  return {
    file,
    line,
    column,
    offset,
    endLine: line,
    endColumn: column + length,
    endOffset: offset + length,
  };
}
