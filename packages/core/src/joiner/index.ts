export { createJoinerMessages, type JoinerMessagesOptions } from './create-joiner-messages.js';
export { formatObservation } from './format-observation.js';
export type { JoinerAction, JoinerDecision } from './joiner-decision.js';
export { renderObservedTasks, type ObservedTask } from './observed-task.js';
export { parseJoinerJson } from './parse-joiner-json.js';
export { parseJoinerOutput } from './parse-joiner-output.js';
