/**
 * `netspec reach --output netspec`: the truth table as an `expect reach` block to paste into a spec
 * (`.` allowed, `X` denied, `-` a pod to itself, not scored), columns aligned under a comment header
 * the way the formatter aligns them.
 */
export function reachAsNetspec(
  json: {
    port: number | string;
    protocol: string;
    pods: string[];
    allowed: Record<string, Record<string, boolean>>;
  },
  among: boolean,
): string {
  const w = Math.max(3, ...json.pods.map((p) => p.length));
  const cells = (from: string) =>
    json.pods
      .map((to) => (to === from ? "-" : json.allowed[from]?.[to] ? "." : "X").padEnd(w))
      .join(" ")
      .trimEnd();
  const head = among ? ` among ${json.pods.map((p) => `pod ${p}`).join(", ")}` : "";
  return [
    `expect reach port ${json.port}/${json.protocol}${head} {`,
    `  # ${" ".repeat(Math.max(0, w - 2))}${json.pods
      .map((p) => p.padEnd(w))
      .join(" ")
      .trimEnd()}`,
    ...json.pods.map((p) => `  ${p.padEnd(w)} ${cells(p)}`),
    "}",
    "",
  ].join("\n");
}
