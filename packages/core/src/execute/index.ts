export type { ApprovalRequest } from './scheduler.js';
export type { EagerMode } from './unsafe-task-gate.js';
export type { TaskOutcome, TaskRecord, TaskStatus } from './task-record.js';
