/** Building SVG as strings: escaping, elements, the document, and an axis of seconds. */

/** An attribute value; `undefined` leaves the attribute out. */
export type AttributeValue = string | number | undefined;

/** The font every chart uses. */
export const FONT_FAMILY = 'sans-serif';

/**
 * Text made safe for XML content and attribute values: the five special characters become entities and the
 * characters XML 1.0 does not allow at all are dropped.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** A number as an attribute: at most 2 decimals, so output stays short and does not depend on float noise. */
export function round(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/**
 * An element. `children` is markup (already built or escaped); a string given as `text` is escaped here.
 * Without children the element closes itself.
 */
export function element(name: string, attributes: Readonly<Record<string, AttributeValue>>, children: readonly string[] = []): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${typeof value === 'number' ? round(value) : escapeXml(value)}"`)
    .join('');
  return children.length === 0 ? `<${name}${attrs}/>` : `<${name}${attrs}>${children.join('')}</${name}>`;
}

/** A `<text>` element holding `content`, escaped. */
export function text(attributes: Readonly<Record<string, AttributeValue>>, content: string): string {
  return element('text', attributes, [escapeXml(content)]);
}

/** A `<title>` element: what a viewer shows on hover over its parent. */
export function tooltip(content: string): string {
  return element('title', {}, [escapeXml(content)]);
}

/** A standalone SVG 1.1 document with a white background. */
export function svgDocument(width: number, height: number, body: readonly string[]): string {
  const root = element(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      version: '1.1',
      width,
      height,
      viewBox: `0 0 ${round(width)} ${round(height)}`,
      'font-family': FONT_FAMILY,
    },
    [element('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }), ...body],
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}

/** A linear map from seconds to pixels, with the ticks of its axis. */
export interface TimeScale {
  /** The x of a time in milliseconds. */
  x(ms: number): number;
  /** The tick values, in seconds, from 0 to the axis's end. */
  readonly ticks: readonly number[];
}

/**
 * A time axis from 0 to at least `maxMs`, drawn between `left` and `right`: ticks every 1, 2, 2.5 or 5 times
 * a power of ten seconds, about `targetTicks` of them, and the axis ends on a tick.
 */
export function timeScale(maxMs: number, left: number, right: number, targetTicks = 6): TimeScale {
  const maxSeconds = maxMs > 0 && Number.isFinite(maxMs) ? maxMs / 1000 : 1;
  const step = niceStep(maxSeconds / targetTicks);
  const count = Math.max(1, Math.ceil(maxSeconds / step - 1e-9));
  const end = count * step;
  const ticks = Array.from({ length: count + 1 }, (_, index) => Number((index * step).toFixed(6)));
  return { x: (ms) => left + ((ms / 1000) / end) * (right - left), ticks };
}

function niceStep(rough: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const residual = rough / magnitude;
  const factor = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 2.5 ? 2.5 : residual <= 5 ? 5 : 10;
  return factor * magnitude;
}

/** A tick value: `0.5` -> `0.5 s`, `2` -> `2 s`. */
export function tickLabel(seconds: number): string {
  return `${Number(seconds.toFixed(3))} s`;
}

/** A duration in a chart: `2410` -> `2.41 s`. */
export function secondsLabel(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/**
 * The x axis: a light grid line per tick from `top` to `bottom`, the axis line at `bottom`, tick labels under
 * it and a caption under those.
 */
export function timeAxis(scale: TimeScale, top: number, bottom: number, caption: string): string[] {
  const parts: string[] = [];
  for (const tick of scale.ticks) {
    const x = scale.x(tick * 1000);
    parts.push(element('line', { x1: x, y1: top, x2: x, y2: bottom, stroke: '#e5e7eb', 'stroke-width': 1 }));
    parts.push(element('line', { x1: x, y1: bottom, x2: x, y2: bottom + 5, stroke: '#6b7280', 'stroke-width': 1 }));
    parts.push(text({ x, y: bottom + 18, 'font-size': 11, fill: '#374151', 'text-anchor': 'middle' }, tickLabel(tick)));
  }
  const left = scale.x(0);
  const right = scale.x((scale.ticks.at(-1) ?? 0) * 1000);
  parts.push(element('line', { x1: left, y1: bottom, x2: right, y2: bottom, stroke: '#6b7280', 'stroke-width': 1 }));
  parts.push(text({ x: (left + right) / 2, y: bottom + 36, 'font-size': 11, fill: '#6b7280', 'text-anchor': 'middle' }, caption));
  return parts;
}

/** Roughly how wide a text is at `fontSize` px: 6.5 px per character at 11 px. */
export function textWidth(content: string, fontSize: number): number {
  return content.length * 6.5 * (fontSize / 11);
}
