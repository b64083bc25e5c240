/** An interval on a time line. */
export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

/** The lane of each interval, in the order given, and how many lanes there are. */
export interface LaneAssignment {
  readonly lanes: readonly number[];
  readonly count: number;
}

/**
 * Puts overlapping intervals on separate lanes, greedily: in order of start, each interval takes the lowest
 * lane whose last interval has ended by its start. Intervals that only touch (one ends when the next starts)
 * share a lane, and so do those that overlap by at most `toleranceMs`: the LLM calls' times come from the
 * server's clock and the tool calls' from the client's, which can disagree by a millisecond or two. This uses
 * the fewest lanes possible, so the number of lanes is the peak parallelism.
 */
export function assignLanes(intervals: readonly Interval[], toleranceMs = 0): LaneAssignment {
  const order = intervals
    .map((interval, index) => ({ interval, index }))
    .sort((a, b) => a.interval.startMs - b.interval.startMs || a.interval.endMs - b.interval.endMs || a.index - b.index);
  const laneEnds: number[] = [];
  const lanes = new Array<number>(intervals.length).fill(0);
  for (const { interval, index } of order) {
    let lane = laneEnds.findIndex((end) => end <= interval.startMs + toleranceMs);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = Math.max(interval.endMs, interval.startMs);
    lanes[index] = lane;
  }
  return { lanes, count: Math.max(1, laneEnds.length) };
}
