export {
  Scheduler,
  type ApprovalRequest,
  type EagerMode,
  type SchedulerEvent,
  type SchedulerOptions,
} from './scheduler.js';
export type { TaskOutcome, TaskRecord, TaskStatus } from './task-record.js';
