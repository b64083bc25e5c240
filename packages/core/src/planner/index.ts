export { createPlannerMessages, type PlannerMessagesOptions } from './create-planner-messages.js';
export type { PlanRound } from './plan-round.js';
export type { PlannerFormat } from './planner-format.js';
export { plannerToolDefinitions } from './planner-tool-definitions.js';
export { nextTaskId } from './render-plan-rounds.js';
