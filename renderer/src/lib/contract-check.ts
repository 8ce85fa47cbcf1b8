// Form checks through the contract's own schemas, so a form refuses exactly what the core would refuse.
import type { z } from 'zod';
import { Name } from '../../../shared/ipc/schemas';

/** The first problem `schema` finds with `value`, as its message; null when the value passes. */
export function schemaProblem(schema: z.ZodType, value: unknown): string | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return null;
  const message = parsed.error.issues[0]?.message ?? 'invalid value';
  return `${message[0]?.toUpperCase() ?? ''}${message.slice(1)}.`;
}

/** A name field's problem under the contract's Name rule; `ifEmpty` asks for it in the form's own words. */
export function nameProblem(name: string, ifEmpty: string): string | null {
  return name.trim() === '' ? ifEmpty : schemaProblem(Name, name);
}
