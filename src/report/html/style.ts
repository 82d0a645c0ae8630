/** The pages' one inline style sheet (its hash is in the page's Content-Security-Policy). */
export const PAGE_CSS = `
:root {
  --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --bg: #ffffff; --soft: #f6f8fa;
  --passed: #1a7f37; --passed-bg: #dafbe1; --failed: #cf222e; --failed-bg: #ffebe9;
  --error: #9a6700; --error-bg: #fff8c5; --skipped: #57606a; --skipped-bg: #eaeef2;
  --base: #8250df; --base-bg: #fbefff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif;
  color: var(--fg); background: var(--bg);
}
body { margin: 0 auto; padding: 16px 24px 48px; max-width: 1280px; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
h1 { font-size: 22px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 16px; margin: 0; display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
.meta { color: var(--muted); margin: 2px 0; overflow-wrap: anywhere; }
.score { margin: 8px 0 0; font-size: 15px; }
.overall { display: inline-block; padding: 1px 10px; border-radius: 12px; font-weight: 600; margin-right: 6px; }
.bar { display: inline-block; vertical-align: middle; width: 160px; height: 8px; border-radius: 4px; background: var(--failed-bg); overflow: hidden; }
.bar-fill { display: block; height: 100%; background: var(--passed); }
.banner { border: 1px solid var(--failed); background: var(--failed-bg); padding: 8px 12px; border-radius: 6px; overflow-wrap: anywhere; }
.note { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
.filters { display: flex; gap: 8px; margin: 16px 0; flex-wrap: wrap; }
.chip { font: inherit; border: 1px solid var(--line); background: var(--soft); border-radius: 16px; padding: 3px 12px; cursor: pointer; color: var(--fg); }
.chip[aria-pressed="true"] { background: var(--fg); color: var(--bg); border-color: var(--fg); }
.chip-count { font-weight: 600; }
.chip-failed .chip-count { color: var(--failed); }
.chip-passed .chip-count { color: var(--passed); }
.chip[aria-pressed="true"] .chip-count { color: inherit; }
.lab { border: 1px solid var(--line); border-left-width: 5px; border-radius: 6px; margin: 12px 0; padding: 10px 14px; }
.lab.st-passed { border-left-color: var(--passed); }
.lab.st-failed { border-left-color: var(--failed); }
.lab.st-error { border-left-color: var(--error); }
.lab.st-skipped { border-left-color: var(--skipped); }
.lab-id, .check-id { color: var(--muted); }
.lab-section { color: var(--muted); font-weight: normal; font-size: 13px; }
.pts { margin-left: auto; font-variant-numeric: tabular-nums; color: var(--muted); white-space: nowrap; }
.sym { display: inline-block; width: 1.2em; text-align: center; font-weight: bold; }
.lab.st-passed > h2 > .sym, .check.st-passed .sym { color: var(--passed); }
.lab.st-failed > h2 > .sym, .check.st-failed .sym { color: var(--failed); }
.lab.st-error > h2 > .sym, .check.st-error .sym { color: var(--error); }
.lab.st-skipped > h2 > .sym, .check.st-skipped .sym { color: var(--skipped); }
.checks { list-style: none; margin: 8px 0 0; padding: 0; }
.check { border-top: 1px solid var(--soft); }
.check summary { display: flex; gap: 6px; align-items: baseline; padding: 4px 0; cursor: pointer; }
.check summary::-webkit-details-marker { display: none; }
.check-title { overflow-wrap: anywhere; }
.check.st-failed summary, .check.st-error summary { font-weight: 600; }
.badge { font-size: 11px; border-radius: 8px; padding: 0 6px; background: var(--skipped-bg); color: var(--skipped); white-space: nowrap; }
.badge-bad { background: var(--failed-bg); color: var(--failed); }
.message { white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0 6px 1.8em; padding: 6px 10px; background: var(--soft); border-radius: 4px; max-height: 24em; overflow: auto; }
.check.st-failed .message { background: var(--failed-bg); }
.check.st-error .message { background: var(--error-bg); }
.hint, .where { margin: 4px 0 8px 1.8em; overflow-wrap: anywhere; }
#labs[data-filter="failed"] .check:not(.st-failed):not(.st-error),
#labs[data-filter="passed"] .check:not(.st-passed),
#labs[data-filter="skipped"] .check:not(.st-skipped) { display: none; }
#labs[data-filter="failed"] .lab:not([data-failed]),
#labs[data-filter="passed"] .lab:not([data-passed]),
#labs[data-filter="skipped"] .lab:not([data-skipped]) { display: none; }
.layers { margin: 10px 0 6px; padding: 10px 12px; background: var(--soft); border-radius: 6px; }
.layers figcaption { font-weight: 600; margin-bottom: 6px; overflow-wrap: anywhere; }
.layer-stack { list-style: none; margin: 0; padding: 0; max-width: 760px; }
.layer { display: grid; grid-template-columns: 1.4em minmax(12em, 1fr) 6em 13em; column-gap: 8px; align-items: center; padding: 6px 10px; margin: 3px 0; border-radius: 4px; border: 2px solid var(--passed); background: var(--bg); }
.layer.layer-fs { background: var(--passed-bg); }
.layer.layer-meta { border-style: dashed; }
.layer.cause { border-color: var(--failed); background: repeating-linear-gradient(135deg, var(--failed-bg) 0 8px, #ffd8d3 8px 16px); }
.layer.cause.layer-meta { background: var(--failed-bg); }
.layer-sym { font-weight: bold; color: var(--passed); }
.layer.cause .layer-sym, .layer.cause .layer-verdict { color: var(--failed); font-weight: 600; }
.layer-instruction { overflow-wrap: anywhere; }
.layer-size { text-align: right; font-variant-numeric: tabular-nums; }
.layer-kind { color: var(--muted); font-size: 12px; }
.layer-verdict { grid-column: 2 / -1; font-size: 12px; color: var(--passed); }
.layer.base { border: 2px solid var(--base); background: var(--base-bg); padding: 12px 10px; margin-top: 6px; }
.layer.base .layer-sym { color: var(--base); }
.layer-facts { grid-column: 3 / -1; color: var(--muted); font-size: 12px; }
.layer-summary { list-style: none; padding: 0; margin: 8px 0 0; }
.layer-summary .ok { color: var(--passed); }
.layer-summary .off { color: var(--failed); font-weight: 600; }
.legend { color: var(--muted); margin: 12px 0 4px; }
.legend .cell { display: inline-block; min-width: 1.6em; text-align: center; border-radius: 3px; }
.tools { display: flex; gap: 12px; align-items: center; margin: 8px 0; }
.search { font: inherit; padding: 5px 10px; width: 280px; border: 1px solid var(--line); border-radius: 6px; }
.shown { color: var(--muted); }
.grid-wrap { width: fit-content; max-width: 100%; overflow: auto; max-height: 75vh; border: 1px solid var(--line); border-radius: 6px; }
.grid { border-collapse: separate; border-spacing: 0; font-variant-numeric: tabular-nums; }
.grid th { position: sticky; top: 0; background: var(--soft); z-index: 1; text-align: left; font-weight: 600; border-bottom: 1px solid var(--line); padding: 4px 6px; vertical-align: bottom; }
.grid td { padding: 2px 6px; border-bottom: 1px solid var(--soft); white-space: nowrap; }
.grid th.c-lab { padding: 6px 2px; width: 1.9em; }
.grid th.c-lab span { writing-mode: vertical-rl; transform: rotate(180deg); display: inline-block; font-weight: normal; font-size: 12px; max-height: 10em; }
.grid td.cell { text-align: center; width: 1.9em; padding: 2px; font-weight: bold; }
.grid td.c-id { max-width: 22em; overflow: hidden; text-overflow: ellipsis; }
.grid td.c-pts, .grid td.c-pct { text-align: right; }
.grid tr:hover td { background: var(--soft); }
.cell.st-passed { color: var(--passed); background: var(--passed-bg); }
.cell.st-failed { color: var(--failed); background: var(--failed-bg); }
.cell.st-error { color: var(--error); background: var(--error-bg); }
.cell.st-skipped, .cell.st-none { color: var(--skipped); background: var(--skipped-bg); }
.cell.st-timed-out, .cell.st-unreadable { color: var(--base); background: var(--base-bg); }
.grid tr:hover td.cell { filter: brightness(0.95); }
.grid td.c-st { text-align: left; padding: 2px 8px; font-weight: normal; width: auto; }
.class-main { display: flex; flex-wrap: wrap; gap: 16px 20px; align-items: flex-start; }
.rates { flex: 1 1 400px; }
.rates h2 { margin: 4px 0 8px; }
.rate-table { border-collapse: collapse; }
.rate-table th, .rate-table td { white-space: nowrap; text-align: left; padding: 2px 6px; border-bottom: 1px solid var(--soft); }
.rate-table .c-rate .bar { width: 64px; }
.rate-pct { display: inline-block; min-width: 3em; text-align: right; font-variant-numeric: tabular-nums; }
.rate-table code { font-size: 12px; }
.rate-low .rate-pct { color: var(--failed); font-weight: 600; }
.c-counts .cell { display: inline-block; padding: 0 4px; margin-right: 3px; font-size: 12px; border-radius: 3px; font-variant-numeric: tabular-nums; }
[hidden] { display: none !important; }
@media print { .filters, .tools { display: none; } .grid-wrap { max-height: none; } }
`;
