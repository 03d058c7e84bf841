/**
 * The API server's own words in an `expect apply` refusal, for comparing targets: the reference
 * prefixes its message with the manifest's `file:line: `, kubectl wraps the server's in its own
 * framing (k8s.io/kubectl v0.31.4 pkg/cmd/util/helpers.go AddSourceToErr: `error when creating
 * "STDIN": …`, `error when applying patch: … for: "STDIN": …`; StandardErrorMessage: `Error from
 * server (Reason): …`; pkg/cmd/apply/apply.go for an unmapped kind: `resource mapping not found for
 * name: … from "STDIN": …` and `ensure CRDs are installed first`). What is left is what both targets
 * can be expected to agree on.
 */
const FRAMES: RegExp[] = [
  /^Error from server(?: \([A-Za-z]+\))?: /,
  /^error: /,
  /^error when applying patch:\n[\s\S]*?\nfor: "[^"]*": /,
  /^error when [a-z -]+ "[^"]*": /,
  /^resource mapping not found for name: "[^"]*" namespace: "[^"]*" from "[^"]*": /,
  /^The (?=[A-Z][A-Za-z]* "[^"]*" is invalid: )/,
];

/** One refusal line without its target's framing. */
function unframed(line: string): string {
  let s = line;
  for (let changed = true; changed;) {
    changed = false;
    for (const f of FRAMES) {
      const next = s.replace(f, "");
      if (next !== s) [s, changed] = [next, true];
    }
  }
  return s;
}

/**
 * An Invalid refusal in one form: the server's Status message is `Kind.group "name" is invalid:
 * [cause, cause]` (one cause without brackets); kubectl prints it from the Status details as `The
 * Kind "name" is invalid: ` and a `* cause` line each (helpers.go checkErr, MultilineError). Both
 * become `Kind "name" is invalid: cause; cause`.
 */
function invalidForm(s: string): string {
  const m = /^(?:The )?([A-Z][A-Za-z]*)(?:\.[a-z0-9.-]+)? ("[^"]*") is invalid: ([\s\S]*)$/.exec(s);
  if (!m) return s;
  const body = m[3]!.trim();
  const causes = body.startsWith("* ")
    ? body.split(/\n\* |^\* /).filter(Boolean)
    : body.replace(/^\[([\s\S]*)\]$/, "$1").split(/, (?=[a-z][\w.[\]]*: )/);
  return `${m[1]} ${m[2]} is invalid: ${causes.map((c) => c.trim()).join("; ")}`;
}

/** The refusal as the API server worded it, one line per refused object, without either target's framing. */
export function apiMessage(message: string): string {
  // The reference's `file:line: ` location (a path without spaces, then the line) and its hints.
  const located = message.replace(/^\S+:\d+: /, "").replace(/\n\s+help: .*$/gm, "");
  const objects = located
    .replace(/\nensure CRDs are installed first$/, "")
    .split(/\n(?=Error from server|error: )/)
    .map((line) => invalidForm(unframed(line)))
    // The decoder names its input: the manifest's file on the reference, kubectl's "STDIN".
    .map((line) => line.replace(/^unable to decode "[^"]*": /, "unable to decode: "));
  // kubectl reports each refused object once per attempt; one line per refusal is what counts.
  return [...new Set(objects)].join("\n").trim();
}
