import { describe, expect, it } from 'vitest';
import { ganttChart, latencyChart } from './svg.js';
import { GANTT_QUESTION, movie, parallelqa } from './test-fixture.js';
import { descendants, parseXml, type XmlElement } from './test-xml.js';

function number(element: XmlElement, attribute: string): number {
  const value = element.attributes[attribute];
  if (value === undefined) throw new Error(`<${element.name}> has no ${attribute}`);
  return Number(value);
}

function withClass(root: XmlElement, name: string): XmlElement[] {
  return descendants(root).filter((element) => (element.attributes.class ?? '').split(' ').includes(name));
}

function texts(root: XmlElement): string[] {
  return descendants(root)
    .filter((element) => element.name === 'text')
    .map((element) => element.text);
}

function titleOf(element: XmlElement): string {
  return element.children.find((child) => child.name === 'title')?.text ?? '';
}

function expectStandaloneSvg(svg: string): XmlElement {
  const root = parseXml(svg);
  expect(root.name).toBe('svg');
  expect(root.attributes).toMatchObject({ xmlns: 'http://www.w3.org/2000/svg', version: '1.1', 'font-family': 'sans-serif' });
  const { width, height } = root.attributes;
  expect(root.attributes.viewBox).toBe(`0 0 ${width} ${height}`);
  expect(root.children[0]).toMatchObject({ name: 'rect', attributes: { width, height, fill: '#ffffff' } });
  return root;
}

describe('parseXml, the test helper', () => {
  it('rejects what is not well-formed', () => {
    expect(() => parseXml('<svg><g></svg>')).toThrow('</svg> closing <g>');
    expect(() => parseXml('<svg><text>a < b</text></svg>')).toThrow();
    expect(() => parseXml('<svg><text>a & b</text></svg>')).toThrow('a bare &');
    expect(() => parseXml('<svg x="1" x="2"/>')).toThrow('a duplicate attribute x');
    expect(() => parseXml('<svg x=1/>')).toThrow('a malformed start tag');
    expect(() => parseXml('<svg/><svg/>')).toThrow('content after the root element');
    expect(() => parseXml('<svg><g>')).toThrow('unclosed <svg>, <g>');
  });
});

describe('latencyChart', () => {
  const svg = latencyChart(parallelqa);
  const root = expectStandaloneSvg(svg);
  const bars = withClass(root, 'bar');
  const bar = (approach: string) => bars.find((element) => element.attributes['data-approach'] === approach)!;

  it('is titled with the workload, the number of questions and the model', () => {
    expect(texts(root)[0]).toBe('ParallelQA: latency per question (3 questions, gpt-3.5-turbo-like)');
  });

  it('draws one bar per approach, in the order given, LLMCompiler in its own colour', () => {
    expect(bars.map((element) => element.attributes['data-approach'])).toEqual(['llmcompiler', 'react', 'parallel-function-calling']);
    expect(new Set(bars.map((element) => element.attributes.fill)).size).toBe(3);
    expect(number(bar('llmcompiler'), 'y')).toBeLessThan(number(bar('react'), 'y'));
  });

  it('makes bars as long as the mean latency and labels them with it', () => {
    expect(number(bar('react'), 'width') / number(bar('llmcompiler'), 'width')).toBeCloseTo(4420 / 2410, 2);
    expect(texts(root)).toEqual(expect.arrayContaining(['llmcompiler', '2.41 s', '4.42 s', '2.96 s']));
  });

  it('draws a whisker from p50 to p95', () => {
    const left = number(bar('llmcompiler'), 'x');
    const perMs = number(bar('llmcompiler'), 'width') / 2410;
    const [whisker] = withClass(root, 'whisker');
    expect(number(whisker!, 'x1')).toBeCloseTo(left + 2380 * perMs, 1);
    expect(number(whisker!, 'x2')).toBeCloseTo(left + 2712 * perMs, 1);
    expect(withClass(root, 'p95')).toHaveLength(3);
  });

  it("draws LLMCompiler's bound as a dashed line at its time, on an axis in seconds", () => {
    const left = number(bar('llmcompiler'), 'x');
    const perMs = number(bar('llmcompiler'), 'width') / 2410;
    const dashed = descendants(root).filter((element) => element.attributes['stroke-dasharray'] !== undefined);
    expect(dashed).toHaveLength(1);
    expect(number(dashed[0]!, 'x1')).toBeCloseTo(left + 1320 * perMs, 1);
    expect(texts(root)).toEqual(expect.arrayContaining(['LLMCompiler bound 1.32 s', '0 s', '1 s', '5 s']));
  });

  it('leaves out the ideal line without an ideal bound, and the bar of an approach without a successful run', () => {
    const other = parseXml(latencyChart(movie));
    expect(descendants(other).some((element) => element.attributes['stroke-dasharray'] !== undefined)).toBe(false);
    expect(withClass(other, 'bar').map((element) => element.attributes['data-approach'])).toEqual(['llmcompiler', 'react']);
    expect(texts(other)).toContain('no successful run (2 failed)');
  });

  it('is the same for the same workload', () => {
    expect(latencyChart(parallelqa)).toBe(svg);
  });
});

describe('ganttChart', () => {
  const svg = ganttChart(parallelqa);
  const root = expectStandaloneSvg(svg);
  const group = (approach: string) => descendants(root).find((element) => element.name === 'g' && element.attributes['data-approach'] === approach)!;
  const span = (approach: string, label: string) => withClass(group(approach), 'span').find((element) => titleOf(element).startsWith(`${label}:`))!;

  it('is titled, shows the question escaped, and has a legend', () => {
    expect(svg).toContain('Is the population of &lt;Paris&gt; &amp; Rome');
    expect(texts(root).slice(0, 2)).toEqual(['ParallelQA: one question, every approach', GANTT_QUESTION]);
    expect(texts(root)).toEqual(expect.arrayContaining(['LLM call', 'tool call']));
  });

  it('truncates a long question to about 100 characters', () => {
    const long = { ...parallelqa, gantt: { ...parallelqa.gantt!, question: `${'word '.repeat(40)}end` } };
    const question = texts(parseXml(ganttChart(long)))[1]!;
    expect(question.length).toBeLessThanOrEqual(100);
    expect(question.endsWith('…')).toBe(true);
  });

  it('has a row group per approach, labelled, with its total time at the end', () => {
    const groups = descendants(root).filter((element) => element.name === 'g');
    expect(groups.map((element) => element.attributes['data-approach'])).toEqual(['llmcompiler', 'react', 'parallel-function-calling', 'ideal']);
    expect(texts(group('llmcompiler'))).toEqual(expect.arrayContaining(['llmcompiler', '2.40 s']));
    expect(texts(group('ideal'))).toEqual(expect.arrayContaining(['LLMCompiler bound', '1.32 s']));
  });

  it('colours LLM calls and tool calls differently', () => {
    expect(span('llmcompiler', 'planner').attributes.fill).not.toBe(span('llmcompiler', 'search("Paris")').attributes.fill);
    expect(span('llmcompiler', 'joiner').attributes.fill).toBe(span('react', 'turn 1').attributes.fill);
  });

  it('puts overlapping spans on separate lanes and grows the row group with them', () => {
    const ys = ['planner', 'search("Paris")', 'search("Rome")'].map((label) => number(span('llmcompiler', label), 'y'));
    expect(new Set(ys).size).toBe(3);
    // The math call starts when Rome ends: it reuses the first lane.
    expect(number(span('llmcompiler', 'math("$1 + $2 < 5e6")'), 'y')).toBe(ys[0]);
    const reactYs = withClass(group('react'), 'span').map((element) => number(element, 'y'));
    expect(new Set(reactYs).size).toBe(1);
    const background = (approach: string) => number(group(approach).children[0]!, 'height');
    expect(background('llmcompiler')).toBeGreaterThan(background('react'));
  });

  it('scales x with time on one axis for every approach', () => {
    const paris = span('llmcompiler', 'search("Paris")');
    const rome = span('llmcompiler', 'search("Rome")');
    expect(number(rome, 'width')).toBeCloseTo(2 * number(paris, 'width'), 1);
    expect(number(rome, 'x') - number(paris, 'x')).toBeCloseTo(number(paris, 'width') / 4, 1);
    expect(number(span('react', 'search("Rome")'), 'width')).toBeCloseTo(number(rome, 'width'), 1);
  });

  it('labels a bar inside only when the label fits, and always gives the full label with times on hover', () => {
    const math = span('llmcompiler', 'math("$1 + $2 < 5e6")');
    expect(titleOf(math)).toBe('math("$1 + $2 < 5e6"): 1.30 s to 1.40 s (0.10 s)');
    expect(texts(group('llmcompiler'))).not.toContain('math("$1 + $2 < 5e6")');
    expect(texts(group('llmcompiler'))).toEqual(expect.arrayContaining(['planner', 'search("Rome")']));
    expect(svg).toContain('math(&quot;$1 + $2 &lt; 5e6&quot;)');
  });

  it('needs a Gantt run', () => {
    expect(() => ganttChart(movie)).toThrow('Expected `workload.gantt` to be set');
  });

  it('is the same for the same workload', () => {
    expect(ganttChart(parallelqa)).toBe(svg);
  });
});
