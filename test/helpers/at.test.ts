import { describe, expect, it } from 'vitest';
import { at, captured } from './at';

describe('at', () => {
  it('reads from the front and, for negative indexes, from the end', () => {
    expect(at(['a', 'b', 'c'], 0)).toBe('a');
    expect(at(['a', 'b', 'c'], -1)).toBe('c');
    expect(at(Uint8Array.of(7, 8), 1)).toBe(8);
  });

  it('throws for an index outside the list, naming it and the length', () => {
    expect(() => at(['a'], 1)).toThrow('index 1, the length is 1');
    expect(() => at(['a'], -2)).toThrow('index -2');
    expect(() => at([], 0)).toThrow('length is 0');
  });

  it('keeps an element that is itself undefined', () => {
    expect(at([undefined], 0)).toBeUndefined();
  });
});

describe('captured', () => {
  it('returns a group of a match', () => {
    expect(captured(/(a)(b)/.exec('ab'), 2)).toBe('b');
  });

  it('throws for no match and for a group that did not take part', () => {
    expect(() => captured(/x/.exec('y'))).toThrow('match');
    expect(() => captured(/(a)|(b)/.exec('b'))).toThrow('group 1');
  });
});
