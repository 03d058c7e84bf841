/**
 * One self-contained HTML file (`--reporter html:FILE`): the totals, then the conformance matrix
 * (tests × targets) with what needs a look first (disagreements between targets, failures, errors,
 * then skips, then passes), filters by status and tag, and a detail section for every test that every
 * row links to: each target's outcome with the message, the code frame at the failing line, the
 * observation and the engine's reasons, and for a disagreement each target's observation side by
 * side. No network: styles and the small filter script are inline.
 */
import type { CaseResult, ParityRow, RunResult } from "../runner/index.js";
import { failureText } from "./failure-text.js";
import { disagreementBlocks, paritySummaryText, sideBySide } from "./parity-text.js";

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
.tag{font-size:.75rem;background:#ddf4ff;border-radius:.5rem;padding:0 .4rem;margin-right:.2rem}
details.test{margin:.3rem 0;border:1px solid #d0d7de;border-radius:.3rem;padding:.2rem .5rem}
details.test>summary{cursor:pointer;font-weight:600}h3{font-size:1rem;margin:.6rem 0 .2rem}
:target{outline:2px solid #0969da}`;

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
  function openTarget(){var d=location.hash&&document.getElementById(location.hash.slice(1));if(d&&d.tagName==='DETAILS')d.open=true;}
  window.addEventListener('hashchange',openTarget);openTarget();
})();`;

interface Row {
  id: string;
  name: string;
  file: string;
  line: number;
  tags: Set<string>;
  byTarget: Map<string, CaseResult>;
  parity?: ParityRow;
}

/** What needs a look first: 0 disagreement, 1 failed, 2 errored, 3 skipped, 4 passed. */
function rank(r: Row): number {
  if (r.parity?.verdict === "disagree") return 0;
  const statuses = [...r.byTarget.values()].map((c) => c.status);
  if (statuses.includes("failed")) return 1;
  if (statuses.includes("errored")) return 2;
  if (r.parity?.verdict === "known-divergence") return 2.5;
  if (statuses.includes("skipped")) return 3;
  return 4;
}

function rowsOf(result: RunResult): Row[] {
  const parity = new Map((result.parity ?? []).map((p) => [`${p.file}::${p.suite}::${p.test}`, p]));
  const rows = new Map<string, Row>();
  for (const c of result.cases) {
    const key = `${c.file}::${c.suite}::${c.name}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        id: `t${rows.size}`,
        name: `${c.suite} › ${c.name}`,
        file: c.file,
        line: c.span.line,
        tags: new Set(),
        byTarget: new Map(),
        parity: parity.get(key),
      };
      rows.set(key, row);
    }
    for (const t of c.tags ?? []) row.tags.add(t);
    row.byTarget.set(c.target, c);
  }
  // Stable within a rank: the order the tests ran in.
  return [...rows.values()]
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map((x) => x.r);
}

function matrixRow(r: Row, targets: string[]): string {
  const cells = targets.map((t) => r.byTarget.get(t)?.status);
  const statuses = [...new Set(cells.filter((s): s is CaseResult["status"] => !!s))];
  const differs = r.parity?.verdict === "disagree" || r.parity?.verdict === "known-divergence";
  const tags = [...r.tags].map((t) => `<span class="tag">${esc(t)}</span>`).join("");
  return `<tr data-test="${r.id}" data-statuses="${statuses.join(" ")}" data-tags="${esc([...r.tags].join(" "))}"${differs ? ' class="differs"' : ""}><td><a href="#${r.id}">${esc(r.name)}</a><br><small>${esc(`${r.file}:${r.line}`)}</small> ${tags}</td>${cells.map((s) => `<td class="s ${s ?? ""}">${s ?? "—"}</td>`).join("")}</tr>`;
}

function detail(r: Row, result: RunResult, sources: ReadonlyMap<string, string>): string {
  const parts: string[] = [];
  if (r.parity && r.parity.verdict !== "agree" && r.parity.differences.length) {
    parts.push(`<h3>${esc(r.parity.verdict === "disagree" ? "Targets disagree" : "Known divergence")}</h3>`);
    for (const b of disagreementBlocks(r.parity, result.targets))
      parts.push(`<p>${esc(b.title)}</p><pre>${esc(sideBySide(b.columns).join("\n"))}</pre>`);
  }
  for (const t of result.targets) {
    const c = r.byTarget.get(t);
    if (!c) continue;
    const time = `${Math.round(c.durationMs)} ms`;
    parts.push(`<h3 class="${c.status}">${esc(t)}: ${c.status}${c.flaky ? " (flaky)" : ""} — ${time}</h3>`);
    if (c.status !== "passed" || c.retries?.length) parts.push(`<pre>${esc(failureText(c, sources))}</pre>`);
  }
  const open = rank(r) < 3 ? " open" : "";
  return `<details class="test" id="${r.id}" data-test="${r.id}"${open}><summary>${esc(r.name)} <small>${esc(`${r.file}:${r.line}`)}</small></summary>${parts.join("")}</details>`;
}

export function renderHtml(result: RunResult, sources: ReadonlyMap<string, string>): string {
  const rows = rowsOf(result);
  const allTags = [...new Set(rows.flatMap((r) => [...r.tags]))].sort();
  const summary = result.targets
    .map((t) => {
      const s = result.summaries[t];
      return `<tr><td>${esc(t)}</td><td>${s?.passed ?? 0}</td><td>${s?.failed ?? 0}</td><td>${s?.errored ?? 0}</td><td>${s?.skipped ?? 0}</td></tr>`;
    })
    .join("");
  const needsLook = rows.filter((r) => rank(r) < 3);
  const attention = needsLook.length
    ? `<h2>Needs a look (${needsLook.length})</h2><ul>${needsLook
        .map((r) => {
          const why =
            r.parity?.verdict === "disagree"
              ? "targets disagree"
              : [
                  ...new Set([...r.byTarget.values()].map((c) => c.status).filter((s) => s !== "passed")),
                ].join(", ");
          return `<li><a href="#${r.id}">${esc(r.name)}</a> <small>${esc(`${r.file}:${r.line}`)}</small> — ${esc(why || r.parity?.verdict || "")}</li>`;
        })
        .join("")}</ul>`
    : "<p>Every test passed on every target.</p>";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>netspec results</title><style>${STYLE}</style></head>
<body>
<h1>netspec results</h1>
<p>seed ${result.seed}${result.aborted ? " — <strong>run stopped early</strong>" : ""}</p>
<table><thead><tr><th>target</th><th>passed</th><th>failed</th><th>errored</th><th>skipped</th></tr></thead><tbody>${summary}</tbody></table>
${result.paritySummary ? `<p class="parity">${esc(paritySummaryText(result.paritySummary))}</p>` : ""}
${result.errors.map((e) => `<p class="errored">${esc(e)}</p>`).join("\n")}
${attention}
<div class="filters">
<label>status <select id="status"><option value="">all</option><option>passed</option><option>failed</option><option>errored</option><option>skipped</option></select></label>
<label>tag <select id="tag"><option value="">all</option>${allTags.map((t) => `<option>${esc(t)}</option>`).join("")}</select></label>
</div>
<table id="matrix"><thead><tr><th>test</th>${result.targets.map((t) => `<th>${esc(t)}</th>`).join("")}</tr></thead><tbody>
${rows.map((r) => matrixRow(r, result.targets)).join("\n")}
</tbody></table>
<h2>Details</h2>
${rows.map((r) => detail(r, result, sources)).join("\n")}
<script>${SCRIPT}</script>
</body></html>
`;
}
