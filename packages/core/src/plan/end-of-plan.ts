/**
 * The stop sequence of text plans: the planner is told to write it right after `join()`, and passing it as
 * a stop sequence ends the model's answer there, so nothing it writes after the plan costs time or tokens.
 *
 * @example
 * ```ts
 * model.stream({ messages: createPlannerMessages({ question, tools, format: 'text' }), stop: [END_OF_PLAN] });
 * ```
 */
export const END_OF_PLAN = '<END_OF_PLAN>';
