/** The trace page's stylesheet, inlined: the page needs nothing from the network. */
export const TRACE_STYLE = `
:root { --ok: #2f9e44; --error: #e03131; --timeout: #f08c00; --aborted: #868e96; --skipped: #adb5bd; --planner: #1c7ed6; --joiner: #7048e8; --wait: #e9ecef; --queue: #ffe8cc; --critical: #c2255c; --label: 15rem; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #212529; background: #fff; display: grid; grid-template-columns: minmax(0, 1fr) 26rem; grid-template-areas: "head head" "main details"; }
header { grid-area: head; padding: 1rem 1.5rem .5rem; border-bottom: 1px solid #dee2e6; }
main { grid-area: main; padding: 0 1.5rem 2rem; min-width: 0; }
#details { grid-area: details; border-left: 1px solid #dee2e6; padding: 0 1rem 2rem; position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; }
h1 { font-size: 1.3rem; margin: 0 0 .25rem; } h2 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; } h3 { font-size: 1rem; margin: .75rem 0 .25rem; }
.question { font-size: 1.05rem; margin: .25rem 0; }
.summary { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; margin: .5rem 0; }
.summary div { display: flex; gap: .4rem; } .summary dt { color: #868e96; } .summary dd { margin: 0; font-weight: 600; }
.answer { white-space: pre-wrap; background: #f8f9fa; border-radius: 4px; padding: .5rem .75rem; margin: .25rem 0 .5rem; }
.status-failed, .status-aborted { color: var(--error); }
.gantt { position: relative; }
.axis, .row { display: grid; grid-template-columns: var(--label) minmax(0, 1fr); align-items: center; }
.axis .track { height: 1.5rem; border-bottom: 1px solid #ced4da; }
.tick { position: absolute; bottom: 0; font-size: 11px; color: #868e96; transform: translateX(-50%); white-space: nowrap; }
.tick::after { content: ""; position: absolute; left: 50%; bottom: -4px; height: 4px; border-left: 1px solid #ced4da; }
.round-head { font-weight: 600; color: #495057; margin: .6rem 0 .2rem; }
.row { min-height: 1.6rem; }
.row .label { all: unset; cursor: pointer; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; padding-right: .5rem; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.row .label:focus-visible, .bar:focus-visible, .node:focus-visible { outline: 2px solid var(--planner); }
.track { position: relative; height: 1.2rem; }

.bar, .seg { position: absolute; top: 0; height: 100%; border-radius: 3px; min-width: 2px; }
.bar { all: unset; position: absolute; top: 0; height: 100%; border-radius: 3px; min-width: 2px; cursor: pointer; }
.seg.waiting { background: var(--wait); } .seg.queued { background: var(--queue); }
.bar.planner { background: var(--planner); } .bar.joiner { background: var(--joiner); } .bar.run { background: #495057; }
.bar.outcome-ok { background: var(--ok); } .bar.outcome-error { background: var(--error); } .bar.outcome-timeout { background: var(--timeout); }
.bar.outcome-aborted { background: var(--aborted); } .bar.outcome-skipped { background: var(--skipped); } .bar.outcome-pending { background: repeating-linear-gradient(45deg, #ced4da 0 4px, #e9ecef 4px 8px); }
.bar.critical { box-shadow: 0 0 0 2px var(--critical); }
.planned-mark { position: absolute; top: -2px; width: 2px; height: calc(100% + 4px); background: #0b7285; }
.row.selected .label { font-weight: 700; }
.bar.selected, .node.selected rect { outline: 2px solid #212529; outline-offset: 1px; }
.legend { display: flex; flex-wrap: wrap; gap: .5rem 1rem; margin: .75rem 0 0; font-size: 12px; color: #495057; }
.legend span::before { content: ""; display: inline-block; width: .9rem; height: .7rem; border-radius: 2px; margin-right: .3rem; vertical-align: -1px; background: var(--c); }
.graph { overflow: auto; border: 1px solid #e9ecef; border-radius: 4px; }
.node { cursor: pointer; } .node rect { fill: #fff; stroke-width: 2; } .node text { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; fill: #212529; }
.node.outcome-ok rect { stroke: var(--ok); } .node.outcome-error rect { stroke: var(--error); } .node.outcome-timeout rect { stroke: var(--timeout); }
.node.outcome-aborted rect, .node.outcome-pending rect { stroke: var(--aborted); } .node.outcome-skipped rect { stroke: var(--skipped); stroke-dasharray: 4 3; }
.node.critical rect { fill: #fff0f6; }
.edge { fill: none; stroke: #adb5bd; stroke-width: 1.5; } .edge.critical { stroke: var(--critical); stroke-width: 2; }
.critical-path { padding-left: 1.25rem; } .critical-path li { margin: .15rem 0; }
table { border-collapse: collapse; } th, td { text-align: right; padding: .2rem .75rem; border-bottom: 1px solid #e9ecef; } th:first-child, td:first-child { text-align: left; }
pre { white-space: pre-wrap; word-break: break-word; background: #f8f9fa; border-radius: 4px; padding: .5rem; margin: .25rem 0 .75rem; font-size: 12px; max-height: 24rem; overflow: auto; }
.detail dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .75rem; margin: .25rem 0 .75rem; } .detail dt { color: #868e96; } .detail dd { margin: 0; }
.error-text { color: var(--error); }
.hint { color: #868e96; }
@media (max-width: 1000px) { body { grid-template-columns: 1fr; grid-template-areas: "head" "main" "details"; } #details { position: static; max-height: none; border-left: 0; border-top: 1px solid #dee2e6; } }
`;
