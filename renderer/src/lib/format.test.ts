import { describe, expect, it } from 'vitest';
import { formatBytes, formatCountdown, fromLocalInput, shortKey, toLocalInput } from './format';

describe('formatting', () => {
  it('counts down in m:ss, never below zero', () => {
    expect(formatCountdown(59_001)).toBe('1:00');
    expect(formatCountdown(42_000)).toBe('0:42');
    expect(formatCountdown(-5)).toBe('0:00');
    expect(formatCountdown(12 * 60_000 + 5_000)).toBe('12:05');
  });
  it('shortens long keys around the middle only', () => {
    expect(shortKey('02'.padEnd(66, 'a'))).toBe('02aaaaaa…aaaaaaaa');
    expect(shortKey('abcdef')).toBe('abcdef');
  });
  it('sizes bytes', () => {
    expect(formatBytes(32)).toBe('32 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
  });
  it('round-trips datetime-local values and rejects empty or bad ones', () => {
    const at = new Date(2026, 0, 2, 3, 4).getTime();
    expect(fromLocalInput(toLocalInput(at))).toBe(at);
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('not a date')).toBeUndefined();
  });
});
