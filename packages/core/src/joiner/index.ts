export type { JoinerThought } from './create-joiner-messages.js';
export type { JoinerAction, JoinerDecision } from './joiner-decision.js';
export type { JoinWarning } from './join-warning.js';
