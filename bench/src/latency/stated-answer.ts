/**
 * Whether LLMCompiler's planner prompt asks the plan to state its answer in the join, and in which form: read
 * from the prompt the planner is sent, so the simulated planner follows whatever core's rules and examples
 * show (`planner.answerInPlan`).
 */

/** The forms of a stated answer a planner prompt shows in its rules and examples (text plans). */
export interface StatedAnswerForm {
  /** A join whose one argument is a bare reference, `N. join($3)`: how a task's value is stated. */
  readonly bareReference: boolean;
  /** A join whose one argument is a quoted string with references inside, `N. join("... $3 ...")`. */
  readonly quotedTemplate: boolean;
}

const BARE_JOIN = /\bjoin\(\s*\$\d+\s*\)/;
const QUOTED_JOIN = /\bjoin\(\s*"(?:[^"\\\n]|\\.)*(?<!\$)\$\d+(?:[^"\\\n]|\\.)*"\s*\)/;

/**
 * The stated-answer forms a planner's system prompt shows (`join($3)`, `join("The tower is $3 m taller.")`),
 * or `undefined` when it shows neither: then the prompt does not ask for a stated answer and every plan ends
 * with a plain `join()`.
 *
 * @example
 * ```ts
 * statedAnswerForm('... write it as the one argument of `join`: `N. join($3)` or `N. join("It is $3 m.")`.');
 * // { bareReference: true, quotedTemplate: true }
 * ```
 */
export function statedAnswerForm(systemPrompt: string): StatedAnswerForm | undefined {
  const form = { bareReference: BARE_JOIN.test(systemPrompt), quotedTemplate: QUOTED_JOIN.test(systemPrompt) };
  return form.bareReference || form.quotedTemplate ? form : undefined;
}

/**
 * The argument the planner writes in its join for a question: the question's answer template
 * (`Scenario.statedAnswer`) in a form the prompt shows, or `''` (a plain `join()`, the joiner answers) when the
 * prompt asks for no stated answer, the question has no template (its answer needs judgement over the
 * results), or the prompt shows no form the template fits.
 *
 * A template that is one whole reference (`$5`) is written bare when the prompt shows bare references, else
 * quoted; any other template is written quoted (JSON), when the prompt shows quoted templates.
 *
 * @example
 * ```ts
 * joinArgument('$5', { bareReference: true, quotedTemplate: true }); // '$5'
 * joinArgument('The end is $25.', { bareReference: true, quotedTemplate: true }); // '"The end is $25."'
 * joinArgument(undefined, { bareReference: true, quotedTemplate: true }); // ''
 * ```
 */
export function joinArgument(template: string | undefined, form: StatedAnswerForm | undefined): string {
  if (template === undefined || form === undefined) return '';
  if (/^\$\d+$/.test(template) && form.bareReference) return template;
  return form.quotedTemplate ? JSON.stringify(template) : '';
}
