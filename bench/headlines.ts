/**
 * The figures issue 23's "Done when" asks for from one `npm run bench` run (serve versus CoreDNS,
 * the 100k-pod load, the 10,000-pod truth table), recorded by the sections as they measure them and
 * printed together, with their targets, at the end of the run.
 */

export interface Headline {
  /** What was measured (`100k pods / 10k services loaded`). */
  figure: string;
  /** The measured value as printed (`8.1 s, 376 MiB heap`). */
  value: string;
  /** The target for it. */
  target: string;
  /** Whether the value meets the target. */
  met: boolean;
  /** The section that measured it (`npm run bench -- <section>` runs it alone). */
  section: string;
}

const recorded: Headline[] = [];

/** Records one headline figure (sections call this as they measure). */
export function headline(h: Headline): void {
  recorded.push(h);
}

/** The recorded figures as a markdown table, with the sections that did not record one named. */
export function headlineTable(expected: readonly string[]): string[] {
  const lines = ["| figure | value | target | met | section |", "| --- | --- | --- | --- | --- |"];
  for (const h of recorded)
    lines.push(`| ${h.figure} | ${h.value} | ${h.target} | ${h.met ? "yes" : "**no**"} | ${h.section} |`);
  const missing = expected.filter((s) => !recorded.some((h) => h.section === s));
  if (missing.length)
    lines.push("", `not measured in this run (skipped or not asked for): ${missing.join(", ")}`);
  return lines;
}
