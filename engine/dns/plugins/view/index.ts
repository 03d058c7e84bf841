/**
 * plugin/view (CoreDNS 1.14.7 plugin/view/setup.go parse, view.go Filter): `view NAME { expr
 * EXPRESSION ... }`, once per server block. Each `expr` line's tokens, joined by spaces, are compiled
 * as expr-lang (expr-eval.ts) over plugin/pkg/expression's DefaultEnv (expr-env.ts). The plugin is a
 * `Viewer` (core/dnsserver/view.go): the server routes a query to the first block of its zone whose
 * filters all pass (server.ts), a filter passing only when every expression yields boolean true (a
 * run-time error or any other value fails it). In the chain itself the plugin only calls next.
 */
import { CorefileUnmodelled } from "../../plugin.js";
import type { Directive, DnsRequest, Plugin, PluginFactory } from "../../plugin.js";
import { argErr, failAt, onlyOnce } from "../shared/index.js";
import { compileExpr } from "./expr-eval.js";
import type { Program } from "./expr-eval.js";
import { ExprError, ExprUnsupported } from "./expr-parse.js";

export { compileExpr, goRegexp } from "./expr-eval.js";
export type { Program } from "./expr-eval.js";

/** One `expr` line, compiled as setup.go does (`strings.Join(args, " ")`). */
function compileLine(d: Directive, line: Directive, metadataLoaded: boolean): Program {
  const source = line.args.join(" ");
  try {
    const prog = compileExpr(source);
    // Metadata providers publish only when the block's metadata plugin collects (server.go ServeDNS
    // metaCollector); without it `metadata()` is always "", with it the model has no providers' values.
    if (metadataLoaded && prog.uses.has("metadata"))
      throw new ExprUnsupported("metadata() in a block that loads the metadata plugin");
    return prog;
  } catch (e) {
    if (e instanceof ExprUnsupported)
      throw new CorefileUnmodelled(
        `plugin/view: expression '${source}': ${e.message} is not modelled by the reference engine yet: the reference target skips this suite, real CoreDNS runs it on real targets`,
        line.line,
      );
    if (e instanceof ExprError) failAt(d, line, `${e.message} in expression '${source}'`);
    throw e;
  }
}

/** A view: its name and the filter the server core asks. */
interface ViewPlugin extends Plugin {
  readonly viewName: string;
  filter(req: DnsRequest): boolean;
}

export const viewPlugin: PluginFactory = {
  name: "view",
  setup(d, block): ViewPlugin {
    onlyOnce(d, block);
    if (d.args.length !== 1) argErr(d);
    const metadataLoaded = block.directives.some((x) => x.name === "metadata");
    const progs: Program[] = [];
    for (const line of d.block) {
      if (line.name !== "expr") failAt(d, line, `unknown property '${line.name}'`);
      progs.push(compileLine(d, line, metadataLoaded));
    }
    const viewName = d.args[0]!;
    return {
      name: "view",
      viewName,
      // view.go Filter: every program must run without error and return boolean true.
      filter: (req) =>
        progs.every((p) => {
          try {
            return p.run(req) === true;
          } catch {
            return false;
          }
        }),
      serve: (req, next) => next(req),
    };
  },
};
