/**
 * @module
 * The benchmark's report: the Markdown document, the README's summary table and the SVG charts.
 */
export { renderMarkdown, renderSummaryTable, type MarkdownOptions } from './markdown.js';
export { latencyChart, ganttChart } from './svg.js';
export {
  renderHeadlineTable,
  renderBudgetSweep,
  renderDrivers,
  renderComboTables,
  renderAnswerSection,
  renderJoinerSkips,
  renderFirstAnswerTable,
} from './combos.js';
