export type { JoinerAction, JoinerDecision } from './joiner-decision.js';
