import { toolParameters } from '../tool/tool-parameters.js';
import type { AnyTool } from '../tool/tool.js';

/**
 * The text a tool is found by: its name, its description and the names of its parameters, as one line
 * (`get_weather: Returns the forecast for a city. Parameters: city, days.`).
 */
export function toolSearchText(tool: AnyTool): string {
  const parameters = toolParameters(tool).map((parameter) => parameter.name);
  const text = `${tool.name}: ${tool.description.trim()}`;
  return parameters.length === 0 ? text : `${text} Parameters: ${parameters.join(', ')}.`;
}
