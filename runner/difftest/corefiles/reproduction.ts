/**
 * A disagreement of `difftest --corefiles` as something to run by hand: the case's Corefile and zone
 * file written by a shell script, real CoreDNS and `netspec serve --bare` started on two ports, and
 * dig asking both the question from the same client address; plus the command replaying the case.
 * (A `.netspec` cannot say it: its probes come from pods, not from chosen loopback addresses.)
 */
import type { CorefileCase, CorefileQuery } from "./generate.js";

const heredoc = (path: string, text: string) =>
  `cat > ${path} <<'NETSPEC_EOF'\n${text.replace(/\n?$/, "\n")}NETSPEC_EOF`;

function dig(q: CorefileQuery, port: string): string {
  const flags = [`-b ${q.from}`, `@127.0.0.1`, `-p ${port}`];
  // Over UDP the reply itself, TC and all, as the tester compared it (dig would retry over TCP).
  flags.push(q.transport === "tcp" ? "+tcp" : "+ignore");
  flags.push(q.bufsize ? `+bufsize=${q.bufsize}` : "+noedns");
  if (q.nsid) flags.push("+nsid");
  if (q.class) flags.push(`-c ${q.class}`);
  return `dig ${flags.join(" ")} ${q.name} ${q.type}`;
}

/** The script for case `c` (and its question `q`, or every question of the case). */
export function reproduction(c: CorefileCase, q?: CorefileQuery): string {
  const [seed, index] = c.id.split(":");
  const lines = [
    "#!/bin/sh",
    `# netspec difftest --corefiles case ${c.id}: replay with`,
    `#   netspec difftest --corefiles --seed ${seed} --from ${index} --cases 1`,
    "set -e",
    'DIR=$(mktemp -d); cd "$DIR"',
    ...Object.entries(c.files).map(([name, text]) => heredoc(name, text)),
    heredoc("Corefile.in", c.corefile),
    `sed -e "s#DIR#$DIR#g" -e 's#PORT#5301#g' -e 's#WORLD#127.0.0.1:5303#g' Corefile.in > real.Corefile`,
    `sed -e "s#DIR#$DIR#g" -e 's#PORT#53#g' -e 's#WORLD#127.0.0.1:5303#g' Corefile.in > model.Corefile`,
    ": > empty.yaml",
    // The upstream world for `forward . WORLD`: served for the binary, modelled by the reference.
    ...(c.upstream
      ? [
          heredoc("upstream.json", JSON.stringify({ records: c.upstream }, null, 2)),
          "netspec local upstream-world upstream.json 127.0.0.1:5303 & WORLD=$!",
        ]
      : []),
    "coredns -conf real.Corefile & REAL=$!",
    `netspec serve --bare --manifests empty.yaml --corefile model.Corefile${c.upstream ? " --upstream upstream.json" : ""} --listen 127.0.0.1:5302 & MODEL=$!`,
    "sleep 2",
  ];
  for (const x of q ? [q] : c.queries)
    lines.push(`${dig(x, "5301")}  # real CoreDNS`, `${dig(x, "5302")}  # reference`);
  lines.push(`kill $REAL $MODEL${c.upstream ? " $WORLD" : ""}; rm -rf "$DIR"`);
  return `${lines.join("\n")}\n`;
}
