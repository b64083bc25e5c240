import { describe, expect, it } from 'vitest';
import { assignLanes } from './assign-lanes.js';

describe('assignLanes', () => {
  it('keeps a sequence of intervals on one lane, touching ones included', () => {
    expect(assignLanes([{ startMs: 0, endMs: 10 }, { startMs: 10, endMs: 20 }, { startMs: 25, endMs: 30 }])).toEqual({ lanes: [0, 0, 0], count: 1 });
  });

  it('puts overlapping intervals on separate lanes and reuses the lowest free one', () => {
    const intervals = [
      { startMs: 0, endMs: 100 },
      { startMs: 10, endMs: 50 },
      { startMs: 20, endMs: 200 },
      { startMs: 60, endMs: 90 },
      { startMs: 150, endMs: 160 },
    ];
    expect(assignLanes(intervals)).toEqual({ lanes: [0, 1, 2, 1, 0], count: 3 });
  });

  it('answers in the order given, whatever the order of the starts', () => {
    expect(assignLanes([{ startMs: 50, endMs: 60 }, { startMs: 0, endMs: 100 }])).toEqual({ lanes: [1, 0], count: 2 });
  });

  it('counts one lane for no intervals', () => {
    expect(assignLanes([])).toEqual({ lanes: [], count: 1 });
  });

  it('lets intervals overlapping by at most the tolerance share a lane', () => {
    const intervals = [
      { startMs: 0, endMs: 100 },
      { startMs: 98, endMs: 150 },
    ];
    expect(assignLanes(intervals)).toEqual({ lanes: [0, 1], count: 2 });
    expect(assignLanes(intervals, 5)).toEqual({ lanes: [0, 0], count: 1 });
    expect(assignLanes([{ startMs: 0, endMs: 100 }, { startMs: 90, endMs: 150 }], 5)).toEqual({ lanes: [0, 1], count: 2 });
  });
});
