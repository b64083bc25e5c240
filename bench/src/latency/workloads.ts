import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hashString, seededRandom, seededShuffle } from './random.js';
import type { ModelProfile, Scenario, ScenarioTask, WorkloadName } from './types.js';
import { MODELS, WORLD_SEED, makeTask } from './world.js';

/** A workload: its questions with their DAGs, and the model it is run with. */
export interface Workload {
  readonly name: WorkloadName;
  readonly title: string;
  readonly shape: string;
  readonly model: ModelProfile;
  readonly scenarios: readonly Scenario[];
}

/** How many questions (or DAGs) each workload takes, and how big the synthetic shapes are. */
export interface WorkloadSizes {
  readonly parallelqa: number;
  readonly hotpotqa: number;
  readonly movie: number;
  readonly wideTasks: number;
  readonly deepTasks: number;
  readonly randomDags: number;
  readonly randomTasks: number;
}

/**
 * The full run's sizes, per combo: the full run measures 12 combos (3 profiles with caching on and off at
 * the default thought budget, and the two other budgets with caching), so each gets fewer questions than one
 * combo alone would, to stay within about half an hour on two cores.
 */
export const FULL_SIZES: WorkloadSizes = { parallelqa: 15, hotpotqa: 20, movie: 15, wideTasks: 40, deepTasks: 25, randomDags: 4, randomTasks: 20 };
/** Small enough to finish in under two minutes on two cores. */
export const QUICK_SIZES: WorkloadSizes = { parallelqa: 3, hotpotqa: 4, movie: 3, wideTasks: 20, deepTasks: 10, randomDags: 2, randomTasks: 10 };

interface DatasetQuestion {
  readonly id: string;
  readonly question: string;
  readonly answer: string;
  readonly branch?: number;
}

const datasetsDir = fileURLToPath(new URL('../../datasets/', import.meta.url));

function readDataset(file: string): DatasetQuestion[] {
  return JSON.parse(readFileSync(`${datasetsDir}${file}`, 'utf8')) as DatasetQuestion[];
}

/** A fixed sample of `count` questions of a dataset. */
function sample(questions: readonly DatasetQuestion[], count: number, name: string): DatasetQuestion[] {
  return seededShuffle(questions, hashString(`${WORLD_SEED}:${name}`)).slice(0, count);
}

const QUESTION_WORDS = new Set(
  'If What Which Who Were Are Is Was Do Does Did Have Has Had Can Could Would Should How Given With After Take Considering Determine Find When Where In The A An Between Compare Both Among Suppose Assuming Imagine Calculate'.split(' '),
);

/** Proper names in a question, in order: runs of capitalised words (and numbers inside names) joined by `of`, `de`. */
export function namesIn(question: string): string[] {
  const words = question.replace(/[?,.;:!"()]/g, ' ').split(/\s+/).filter((word) => word !== '');
  const names: string[] = [];
  let current: string[] = [];
  const flush = () => {
    while (current.length > 0 && /^(of|de)$/.test(current.at(-1)!)) current.pop();
    if (current.length > 0) names.push(current.join(' ').replace(/'s$/, ''));
    current = [];
  };
  for (const [index, word] of words.entries()) {
    const capital = /^[A-Z]/.test(word) && !QUESTION_WORDS.has(word);
    const numberInName = /^[0-9][0-9a-z]*$/.test(word) && /^[A-Z]/.test(words[index + 1] ?? '');
    if (capital || numberInName) current.push(word);
    else if (current.length > 0 && /^(of|de)$/.test(word)) current.push(word);
    else flush();
  }
  flush();
  return [...new Set(names)];
}

/** `count` subjects of a question: its names, then numbered parts of it when it has too few. */
function subjects(question: DatasetQuestion, count: number): string[] {
  const names = namesIn(question.question).slice(0, count);
  for (let part = names.length + 1; names.length < count; part++) names.push(`subject ${part} of question ${question.id}`);
  return names;
}

/**
 * ParallelQA: a search per branch, a math step per branch on its search, a final math step over all. The
 * final step works out the answer (a figure, or which of the subjects it is), so the answer is that task's
 * value: the world's final step returns the dataset's answer, and the answer template is `$N`.
 */
function parallelQa(count: number): Scenario[] {
  return sample(readDataset('parallelqa_dataset.json'), count, 'parallelqa').map((question) => {
    const tasks: ScenarioTask[] = [];
    const branchEnds: number[] = [];
    for (const subject of subjects(question, question.branch ?? 2)) {
      const search = makeTask(tasks.length + 1, 'search', subject);
      const step = makeTask(tasks.length + 2, 'math', `the figure of ${subject} the question asks for (question ${question.id})`, [search.id]);
      tasks.push(search, step);
      branchEnds.push(step.id);
    }
    const final = makeTask(tasks.length + 1, 'math', `combine the figures to answer question ${question.id}`, branchEnds);
    tasks.push({ ...final, output: question.answer, fact: question.answer });
    return { workload: 'parallelqa', id: question.id, question: question.question, answer: question.answer, tasks, statedAnswer: `$${final.id}` };
  });
}

/** HotpotQA comparison: two independent searches. */
function hotpotQa(count: number): Scenario[] {
  return sample(readDataset('hotpotqa_comparison.json'), count, 'hotpotqa').map((question) => ({
    workload: 'hotpotqa',
    id: question.id,
    question: question.question,
    answer: question.answer,
    tasks: subjects(question, 2).map((subject, index) => makeTask(index + 1, 'search', subject)),
  }));
}

/** The movies of a Movie Recommendation question: those it names, then its options. */
export function moviesIn(question: string): string[] {
  const [named = '', options = ''] = question.split('Options:');
  const liked = named.replace(/^\s*Find a movie similar to\s*/, '').split(',').map((title) => title.trim());
  const choices = options.split('\n').map((title) => title.trim());
  return [...new Set([...liked, ...choices].filter((title) => title !== ''))];
}

/** Movie Recommendation: one search per movie named and per option, all independent. */
function movie(count: number): Scenario[] {
  return sample(readDataset('movie_recommendations_formatted.json'), count, 'movie').map((question) => ({
    workload: 'movie',
    id: question.id,
    question: question.question,
    answer: question.answer,
    tasks: moviesIn(question.question).map((title, index) => makeTask(index + 1, 'search', `${title} (movie)`)),
  }));
}

function synthetic(workload: WorkloadName, id: string, question: string, tasks: ScenarioTask[]): Scenario {
  return { workload, id, question, answer: `Done: ${tasks.length} results combined.`, tasks };
}

/** `tasks` independent searches. */
function wide(tasks: number): Scenario {
  const calls = Array.from({ length: tasks }, (_, index) => makeTask(index + 1, 'search', `item ${index + 1} of the wide set`));
  return synthetic('wide', 'wide', `Look up all ${tasks} items of the wide set and combine them.`, calls);
}

/**
 * A search, then a chain of math steps, each on the one before. The answer is the value at the end of the
 * chain in a sentence: the template `The end of the chain is $N.`
 */
function deep(tasks: number): Scenario {
  const calls = [makeTask(1, 'search', 'the start of the deep chain')];
  for (let id = 2; id <= tasks; id++) calls.push(makeTask(id, 'math', `step ${id} of the deep chain`, [id - 1]));
  const last = calls.at(-1)!;
  return {
    ...synthetic('deep', 'deep', `Follow the deep chain of ${tasks} steps to its end.`, calls),
    answer: `The end of the chain is ${last.output}.`,
    statedAnswer: `The end of the chain is $${last.id}.`,
  };
}

/** Random DAGs: each task depends on each earlier one with probability 0.15 (at most 3); roots search. */
function random(dags: number, tasks: number): Scenario[] {
  return Array.from({ length: dags }, (_, dag) => {
    const draw = seededRandom(hashString(`${WORLD_SEED}:random:${dag}`));
    const calls: ScenarioTask[] = [];
    for (let id = 1; id <= tasks; id++) {
      const deps: number[] = [];
      for (let earlier = 1; earlier < id && deps.length < 3; earlier++) if (draw() < 0.15) deps.push(earlier);
      const key = `node ${id} of random graph ${dag + 1}`;
      calls.push(deps.length === 0 ? makeTask(id, 'search', key) : makeTask(id, 'math', key, deps));
    }
    return synthetic('random', `random-${dag + 1}`, `Work through random graph ${dag + 1} (${tasks} steps) and combine the results.`, calls);
  });
}

/** Every workload, at the given sizes. */
export function buildWorkloads(sizes: WorkloadSizes): Workload[] {
  return [
    {
      name: 'parallelqa',
      title: 'ParallelQA',
      shape: 'a search per branch (2-5), a math step per branch on its search, a final math step over all branches',
      model: MODELS.gpt4,
      scenarios: parallelQa(sizes.parallelqa),
    },
    { name: 'hotpotqa', title: 'HotpotQA comparison', shape: 'two independent searches', model: MODELS.gpt35, scenarios: hotpotQa(sizes.hotpotqa) },
    {
      name: 'movie',
      title: 'Movie Recommendation',
      shape: 'one search per movie named and per option (8), all independent',
      model: MODELS.gpt35,
      scenarios: movie(sizes.movie),
    },
    { name: 'wide', title: `Wide (${sizes.wideTasks})`, shape: `${sizes.wideTasks} independent searches`, model: MODELS.gpt35, scenarios: [wide(sizes.wideTasks)] },
    {
      name: 'deep',
      title: `Deep (${sizes.deepTasks})`,
      shape: `a chain of ${sizes.deepTasks}: a search, then math steps each on the one before`,
      model: MODELS.gpt35,
      scenarios: [deep(sizes.deepTasks)],
    },
    {
      name: 'random',
      title: `Random DAGs (${sizes.randomTasks})`,
      shape: `${sizes.randomDags} seeded DAGs of ${sizes.randomTasks} tasks, each depending on each earlier task with probability 0.15 (at most 3)`,
      model: MODELS.gpt35,
      scenarios: random(sizes.randomDags, sizes.randomTasks),
    },
  ];
}
