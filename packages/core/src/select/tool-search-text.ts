import { toolParameters } from '../tool/tool-parameters.js';
import type { AnyTool } from '../tool/tool.js';
import type { ToolSelectionContext } from '../run/tool-selector.js';

/**
 * The text a tool is found by: its name, its description and the names of its parameters, as one line
 * (`get_weather: Returns the forecast for a city. Parameters: city, days.`).
 */
export function toolSearchText(tool: AnyTool): string {
  const parameters = toolParameters(tool).map((parameter) => parameter.name);
  const text = `${tool.name}: ${tool.description.trim()}`;
  return parameters.length === 0 ? text : `${text} Parameters: ${parameters.join(', ')}.`;
}

/**
 * The text tools are ranked against: the question and, on a replan, the joiner's feedback of each earlier
 * round (it says what the new plan must get, often which kind of tool was missing).
 */
export function selectionQuery(context: Pick<ToolSelectionContext, 'question' | 'rounds'>): string {
  const parts = [context.question];
  for (const round of context.rounds) {
    const action = round.decision?.action;
    if (action?.type === 'replan' && action.feedback.trim() !== '') parts.push(action.feedback.trim());
  }
  return parts.join('\n');
}
