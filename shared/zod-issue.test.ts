import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueMessage, issueWithPath } from './zod-issue';

function failure(schema: z.ZodType, value: unknown): z.ZodError {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected the parse to fail');
  return parsed.error;
}

describe('zod issue lines', () => {
  it('names the path of a nested issue', () => {
    const error = failure(z.object({ a: z.object({ b: z.string() }) }), { a: { b: 1 } });
    expect(issueWithPath(error)).toMatch(/^a\.b: /);
    expect(issueMessage(error)).not.toContain('a.b');
  });

  it('leaves the path out for an issue about the value itself', () => {
    const error = failure(z.string().min(3, 'too short'), 'x');
    expect(issueWithPath(error)).toBe('too short');
    expect(issueMessage(error)).toBe('too short');
  });

  it('reports only the first of several issues', () => {
    const error = failure(z.object({ a: z.string(), b: z.string() }), {});
    expect(issueWithPath(error)).toMatch(/^a: /);
  });

  it('falls back when a hand-built error has no issue', () => {
    expect(issueMessage(new z.ZodError([]))).toBe('invalid value');
    expect(issueWithPath(new z.ZodError([]))).toBe('invalid value');
  });
});
