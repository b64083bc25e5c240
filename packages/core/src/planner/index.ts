export type { PlannerFormat } from './planner-format.js';
