import { describe, expect, it } from 'vitest';
import { looksLikeJson } from './handler';

const enc = (s: string) => new TextEncoder().encode(s);

describe('payload classification', () => {
  it.each([
    ['{"op":"sign"}', true],
    ['  \n {"op":"sign"}', true],
    ['{ "op": 1 }', true],
    ['{}', true],
    ['{"op": "sign", "keypair": }', true],
    ['{ let x = 1; x }', false],
    ['#{ a: 1 }', false],
    ['sign("x")', false],
    ['// {"op":"sign"}\n1', false],
    ['', false],
  ])('%j is JSON: %s', (payload, json) => {
    expect(looksLikeJson(enc(payload))).toBe(json);
  });
});
