/**
 * Plan accuracy as TinyAgent scores it (Erdogan et al., "TinyAgent: Function Calling at the Edge", 2024): a
 * plan is right when it calls the same tools as the gold plan, as many times each, with the same dependency
 * structure, that is when the two DAGs are isomorphic with each task labelled by its tool. Task ids and the
 * order of independent tasks do not matter; arguments are not compared.
 *
 * Plans are read with core's own parser, so a dependency is whatever the run would wait for: `$N`, `${N}`,
 * with paths (`$2.rows`, `$1[0].name`), inside strings, several to an argument.
 */
import { parsePlan, type ToolSet } from '@llmcompiler/core';

/** A task of a plan as the metric sees it: its id, its tool, and the ids it depends on. */
export interface PlanNode {
  readonly id: number;
  readonly tool: string;
  readonly dependencies: readonly number[];
}

/** Why a plan does or does not match its gold plan. */
export type PlanVerdict =
  /** Same tools, as many times each, and isomorphic dependency DAGs. */
  | 'match'
  /** The multisets of tools differ: a tool missing, extra, or swapped for another. */
  | 'different-tools'
  /** The same tools, but the dependencies differ. */
  | 'different-structure';

/** The score of one plan. */
export interface PlanComparison {
  readonly verdict: PlanVerdict;
  /** Whether the verdict is `match`. */
  readonly match: boolean;
}

/**
 * The tasks of a text (or JSON) plan, without its join, parsed as a run parses it with `tools`. A task with
 * an unknown tool or bad arguments still counts, with the tool name as written and its references.
 */
export function planNodes(plan: string, { tools, format = 'text' }: { readonly tools: ToolSet; readonly format?: 'text' | 'json' }): PlanNode[] {
  return parsePlan(plan, { tools, format }).tasks.map(({ id, tool, dependencies }) => ({ id, tool, dependencies }));
}

/** Scores `plan` against `gold` (see the module's doc). */
export function comparePlans(plan: readonly PlanNode[], gold: readonly PlanNode[]): PlanComparison {
  if (!sameMultiset(plan.map((node) => node.tool), gold.map((node) => node.tool))) return { verdict: 'different-tools', match: false };
  return isomorphicDags(plan, gold) ? { verdict: 'match', match: true } : { verdict: 'different-structure', match: false };
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const counts = new Map<string, number>();
  for (const item of a) counts.set(item, (counts.get(item) ?? 0) + 1);
  for (const item of b) {
    const count = counts.get(item);
    if (count === undefined || count === 0) return false;
    counts.set(item, count - 1);
  }
  return true;
}

/** A DAG by index: each node's label, parents and children. */
interface Graph {
  readonly labels: readonly string[];
  readonly parents: readonly (readonly number[])[];
  readonly children: readonly Set<number>[];
}

function toGraph(nodes: readonly PlanNode[]): Graph {
  const index = new Map(nodes.map((node, position) => [node.id, position]));
  const children = nodes.map(() => new Set<number>());
  // A dependency on a task outside the plan (an earlier round's) has no node here, and is left out.
  const parents = nodes.map((node, position) => {
    const own = [...new Set(node.dependencies)].map((id) => index.get(id)).filter((parent): parent is number => parent !== undefined);
    for (const parent of own) children[parent]!.add(position);
    return own;
  });
  return { labels: nodes.map((node) => node.tool), parents, children };
}

/**
 * Colours of a graph's nodes by Weisfeiler-Lehman refinement: a node's colour starts as its label and is
 * refined by the colours of its parents and children until the partition stops changing. Isomorphic nodes
 * always get equal colours (the converse may fail, so the matching below still checks every edge).
 */
function refineColours(graph: Graph, rounds: number): string[] {
  let colours = graph.labels.map((label) => JSON.stringify(label));
  for (let round = 0; round < rounds; round++) {
    colours = colours.map((colour, node) => {
      const up = graph.parents[node]!.map((parent) => colours[parent]!).sort();
      const down = [...graph.children[node]!].map((child) => colours[child]!).sort();
      return `${colour}(${up.join(',')}|${down.join(',')})`;
    });
    // Hashed so that colours stay short; both graphs hash alike, so equal colours stay equal.
    colours = colours.map((colour) => String(hashColour(colour)));
  }
  return colours;
}

/** A stable 53-bit hash of a colour string (cyrb53), so colours stay short as they refine. */
function hashColour(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2_654_435_761);
    h2 = Math.imul(h2 ^ code, 1_597_334_677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2_246_822_507) ^ Math.imul(h2 ^ (h2 >>> 13), 3_266_489_909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2_246_822_507) ^ Math.imul(h1 ^ (h1 >>> 13), 3_266_489_909);
  return 4_294_967_296 * (2_097_151 & h2) + (h1 >>> 0);
}

/**
 * Whether two labelled DAGs are isomorphic: a bijection of nodes that keeps labels and maps every edge onto
 * an edge (and, the edge counts being equal, non-edges onto non-edges). Candidates are narrowed by refined
 * colours, then matched by backtracking, which checks each edge exactly, so a hash collision can only cost
 * time, never a wrong answer.
 */
export function isomorphicDags(a: readonly PlanNode[], b: readonly PlanNode[]): boolean {
  if (a.length !== b.length) return false;
  const ga = toGraph(a);
  const gb = toGraph(b);
  const edges = (graph: Graph) => graph.parents.reduce((sum, parents) => sum + parents.length, 0);
  if (edges(ga) !== edges(gb)) return false;
  const rounds = a.length;
  const ca = refineColours(ga, rounds);
  const cb = refineColours(gb, rounds);
  if (!sameMultiset(ca, cb)) return false;
  const mapping = new Array<number>(a.length).fill(-1);
  const used = new Array<boolean>(b.length).fill(false);
  const extend = (node: number): boolean => {
    if (node === a.length) return true;
    for (let candidate = 0; candidate < b.length; candidate++) {
      if (used[candidate] || cb[candidate] !== ca[node]) continue;
      // Every edge between this node and the nodes mapped so far must have its image, both ways.
      let fits = ga.parents[node]!.length === gb.parents[candidate]!.length && ga.children[node]!.size === gb.children[candidate]!.size;
      for (let earlier = 0; fits && earlier < node; earlier++) {
        const image = mapping[earlier]!;
        fits =
          ga.children[earlier]!.has(node) === gb.children[image]!.has(candidate) && ga.children[node]!.has(earlier) === gb.children[candidate]!.has(image);
      }
      if (!fits) continue;
      mapping[node] = candidate;
      used[candidate] = true;
      if (extend(node + 1)) return true;
      used[candidate] = false;
    }
    mapping[node] = -1;
    return false;
  };
  return extend(0);
}
