export type { JoinerAction, JoinerDecision } from './joiner-decision.js';
export type { JoinWarning } from './join-warning.js';
