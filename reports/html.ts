/**
 * One self-contained HTML file (`--reporter html:FILE`): the conformance matrix (tests × targets),
 * filters by status and tag, and per-test detail (message, code frame, observed reply or walk, the
 * engine's reasons). No network: styles and the small filter script are inline.
 */
import type { CaseResult, RunResult } from "../runner/index.js";
import { failureText } from "./failure-text.js";
import { disagreementBlocks, disagreements, paritySummaryText, sideBySide } from "./parity-text.js";

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1b1f24}
h1{font-size:1.3rem}table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.s{text-align:center;font-weight:600}.passed{background:#dafbe1}.failed{background:#ffebe9}
.errored{background:#fff8c5}.skipped{background:#f6f8fa;color:#57606a}
tr.differs td:first-child{border-left:4px solid #cf222e}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;max-width:80rem}
.filters{display:flex;gap:1rem;flex-wrap:wrap;margin:.5rem 0}.hidden{display:none}
.tag{font-size:.75rem;background:#ddf4ff;border-radius:.5rem;padding:0 .4rem;margin-right:.2rem}`;

const SCRIPT = `
(function(){
  var status=document.getElementById('status'),tag=document.getElementById('tag');
  function apply(){
    var s=status.value,t=tag.value;
    document.querySelectorAll('tr[data-test]').forEach(function(r){
      var okS=!s||r.getAttribute('data-statuses').split(' ').indexOf(s)>=0;
      var okT=!t||r.getAttribute('data-tags').split(' ').indexOf(t)>=0;
      r.classList.toggle('hidden',!(okS&&okT));
    });
    document.querySelectorAll('details[data-test]').forEach(function(d){
      var r=document.querySelector('tr[data-test="'+d.getAttribute('data-test')+'"]');
      d.classList.toggle('hidden',!!r&&r.classList.contains('hidden'));
    });
  }
  status.addEventListener('change',apply);tag.addEventListener('change',apply);
})();`;

export function renderHtml(result: RunResult, sources: ReadonlyMap<string, string>): string {
  const rows = new Map<string, { name: string; tags: Set<string>; byTarget: Map<string, CaseResult> }>();
  for (const c of result.cases) {
    const id = `${c.file}::${c.suite}::${c.name}`;
    if (!rows.has(id)) rows.set(id, { name: `${c.suite} › ${c.name}`, tags: new Set(), byTarget: new Map() });
    const row = rows.get(id)!;
    for (const t of c.tags ?? []) row.tags.add(t);
    row.byTarget.set(c.target, c);
  }
  const parity = new Map((result.parity ?? []).map((p) => [`${p.file}::${p.suite}::${p.test}`, p.verdict]));
  const allTags = [...new Set([...rows.values()].flatMap((r) => [...r.tags]))].sort();
  const ids = new Map([...rows.keys()].map((id, i) => [id, `t${i}`]));
  const summary = result.targets
    .map((t) => {
      const s = result.summaries[t];
      return `<tr><td>${esc(t)}</td><td>${s?.passed ?? 0}</td><td>${s?.failed ?? 0}</td><td>${s?.errored ?? 0}</td><td>${s?.skipped ?? 0}</td></tr>`;
    })
    .join("");
  const matrix = [...rows.entries()]
    .map(([id, r]) => {
      const cells = result.targets.map((t) => r.byTarget.get(t)?.status);
      const statuses = [...new Set(cells.filter((s): s is CaseResult["status"] => !!s))];
      const verdict = parity.get(id);
      const differs = verdict === "disagree" || verdict === "known-divergence";
      const file = [...r.byTarget.values()][0]?.file ?? "";
      return `<tr data-test="${ids.get(id)}" data-statuses="${statuses.join(" ")}" data-tags="${esc([...r.tags].join(" "))}"${differs ? ' class="differs"' : ""}><td><a href="#${ids.get(id)}">${esc(r.name)}</a><br><small>${esc(file)}</small> ${[...r.tags].map((t) => `<span class="tag">${esc(t)}</span>`).join("")}</td>${cells.map((s) => `<td class="s ${s ?? ""}">${s ?? "—"}</td>`).join("")}</tr>`;
    })
    .join("\n");
  const sideBySideHtml = disagreements(result)
    .map((row) => {
      const blocks = disagreementBlocks(row, result.targets)
        .map((b) => `<p>${esc(b.title)}</p><pre>${esc(sideBySide(b.columns).join("\n"))}</pre>`)
        .join("");
      return `<details class="disagreement" open><summary>${esc(`${row.suite} › ${row.test}`)} — ${row.verdict}</summary>${blocks}</details>`;
    })
    .join("\n");
  const details = [...rows.entries()]
    .flatMap(([id, r]) =>
      [...r.byTarget.values()]
        .filter((c) => c.status !== "passed")
        .map(
          (c) =>
            `<details id="${ids.get(id)}" data-test="${ids.get(id)}" open><summary class="${c.status}">${esc(r.name)} [${esc(c.target)}] — ${c.status}</summary><pre>${esc(failureText(c, sources))}</pre></details>`,
        ),
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>netspec results</title><style>${STYLE}</style></head>
<body>
<h1>netspec results</h1>
<p>seed ${result.seed}${result.aborted ? " — <strong>run stopped early</strong>" : ""}</p>
<table><thead><tr><th>target</th><th>passed</th><th>failed</th><th>errored</th><th>skipped</th></tr></thead><tbody>${summary}</tbody></table>
<div class="filters">
<label>status <select id="status"><option value="">all</option><option>passed</option><option>failed</option><option>errored</option><option>skipped</option></select></label>
<label>tag <select id="tag"><option value="">all</option>${allTags.map((t) => `<option>${esc(t)}</option>`).join("")}</select></label>
</div>
<table id="matrix"><thead><tr><th>test</th>${result.targets.map((t) => `<th>${esc(t)}</th>`).join("")}</tr></thead><tbody>
${matrix}
</tbody></table>
${result.paritySummary ? `<p class="parity">${esc(paritySummaryText(result.paritySummary))}</p>` : ""}
${sideBySideHtml ? `<h2>Disagreements</h2>\n${sideBySideHtml}` : ""}
<h2>Details</h2>
${details || "<p>Every test passed.</p>"}
<script>${SCRIPT}</script>
</body></html>
`;
}
