import { cachedByString } from '../../src/model/cache';

describe('cachedByString', () => {
  it('computes each distinct string once, undefined results included', () => {
    const calls: string[] = [];
    const f = cachedByString((s) => {
      calls.push(s);
      return s.startsWith('x') ? undefined : s.toUpperCase();
    }, 10);
    expect([f('a'), f('a'), f('xb'), f('xb'), f('a')]).toEqual(['A', 'A', undefined, undefined, 'A']);
    expect(calls).toEqual(['a', 'xb']);
  });

  it('stops keeping answers past its bound but still answers', () => {
    const calls: string[] = [];
    const f = cachedByString((s) => {
      calls.push(s);
      return s.length;
    }, 2);
    expect([f('a'), f('bb'), f('ccc'), f('ccc'), f('a')]).toEqual([1, 2, 3, 3, 1]);
    expect(calls).toEqual(['a', 'bb', 'ccc', 'ccc']);
  });
});
