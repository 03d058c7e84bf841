/**
 * How caddy hands directives to a plugin's setup: once per server block, with every occurrence of the
 * directive in it (the `for c.Next()` loop of each setup.go). The model sets plugins up per directive,
 * so a plugin that folds its occurrences together builds from the first and passes through after.
 */
import { CorefileError } from "../../plugin.js";
import type { Directive, ServerBlock } from "../../plugin.js";

/** Every directive of `d`'s name in `block`, in Corefile order. */
export function occurrences(d: Directive, block: ServerBlock): Directive[] {
  const all = block.directives.filter((x) => x.name === d.name);
  return all.length ? all : [d];
}

/** Whether `d` is the first directive of its name in `block` (the one caddy's setup sees first). */
export function isFirst(d: Directive, block: ServerBlock): boolean {
  const first = block.directives.find((x) => x.name === d.name);
  return !first || first === d;
}

/** plugin.ErrOnce, raised on the second occurrence as CoreDNS's setup loop does. */
export function onlyOnce(d: Directive, block: ServerBlock): void {
  if (!isFirst(d, block))
    throw new CorefileError(`plugin/${d.name}: this plugin can only be used once per Server Block`, d.line);
}
