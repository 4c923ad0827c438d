import { roundsBound } from '../src/bench/main';

describe('roundsBound', () => {
  it('counts whole rounds: 81 requests through 16 slots take 6 rounds, not 5.06', () => {
    expect(roundsBound([0, 81], 16, 50)).toBe(300);
  });

  it('adds the rounds that must pass before dependent requests can start', () => {
    // 2 first-level reads, 56 that need one answer, 5 that need two: the 61 dependent reads take
    // 4 rounds after the first.
    expect(roundsBound([0, 2, 56, 5], 16, 50)).toBe(250);
    // A chain is as long as its depth even with idle slots.
    expect(roundsBound([0, 1, 1, 1, 1], 16, 50)).toBe(200);
  });

  it('is never below issue 5 bound latency x max(depth, requests / concurrency)', () => {
    for (const levels of [[0, 16, 60, 5], [0, 2, 56, 5], [0, 320, 5600, 500], [0, 1], [0, 3, 0, 7]]) {
      const requests = levels.reduce((a, b) => a + b, 0);
      const depth = levels.length - 1;
      for (const c of [1, 4, 16, 64]) expect(roundsBound(levels, c, 50)).toBeGreaterThanOrEqual(50 * Math.max(depth, requests / c));
    }
  });
});
