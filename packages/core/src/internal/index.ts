/**
 * @module
 * The engine of `@llmcompiler/core` and the helpers the llmcompiler packages share: the scheduler, the plan
 * parsers and task graph, the planner's and joiner's prompts and parsers, option checks. Not part of the
 * public API and not covered by semver: anything here may change in any release.
 */
export { Scheduler, type SchedulerEvent, type SchedulerOptions } from '../execute/scheduler.js';
export { snapshotRecord } from '../execute/task-record.js';
export { canReattach, withReattach, type Reattach } from '../tool/reattach.js';
export { isCleanPlanEnd, waitsForCleanPlanEnd } from '../execute/unsafe-task-gate.js';
export { parseStringReferences, readReference } from '../graph/reference.js';
export { readPath } from '../graph/resolve-references.js';
export { collectPlan } from '../plan/create-plan-parser.js';
export { TaskGraph, type TaskGraphOptions } from '../plan/task-graph.js';
export { TextPlanParser } from '../plan/text-plan-parser.js';
export { JsonPlanParser } from '../plan/json-plan-parser.js';
export { ToolCallPlanParser } from '../plan/tool-call-plan-parser.js';
export { createPlannerMessages, type PlannerMessagesOptions } from '../planner/create-planner-messages.js';
export type { PlanRound } from '../planner/plan-round.js';
export { plannerToolDefinitions } from '../planner/planner-tool-definitions.js';
export { nextTaskId } from '../planner/render-replan.js';
export { createJoinerMessages, renderAnswerRepair, type JoinerMessagesOptions } from '../joiner/create-joiner-messages.js';
export { joinerJsonSchema } from '../joiner/joiner-json-schema.js';
export { formatObservation } from '../joiner/format-observation.js';
export { renderObservedTasks, type ObservedTask } from '../joiner/observed-task.js';
export { parseJoinerJson } from '../joiner/parse-joiner-json.js';
export { parseJoinerOutput } from '../joiner/parse-joiner-output.js';
export { asSchema, isSchema } from '../tool/schema.js';
export { renderJsonSchemaType } from '../tool/render-type.js';
export { optionChecks, type OptionChecks, type OptionErrorFactory } from '../options/check-option.js';
export { describeError } from '../util/describe-error.js';
export { describeValue, listNames } from '../util/describe-value.js';
export { formatIssuePath, formatIssues } from '../util/format-issues.js';
export { REDACTED, isCredentialName, redactField, redactSecret } from '../util/redact-secret.js';
export { redactValue } from '../util/redact-value.js';
export { createBm25Index, type Bm25Index } from '../select/bm25.js';
export { cosineSimilarity } from '../select/cosine-similarity.js';
export { tokenize } from '../select/tokenize.js';
export { toolSearchText } from '../select/tool-search-text.js';
export { selectionQueries, type SelectionQuery } from '../select/selection-query.js';
