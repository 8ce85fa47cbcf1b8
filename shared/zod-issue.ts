// One line for an error message out of a failed zod parse: its first issue, with or without where it was found.
import type { z } from 'zod';

// zod reports at least one issue for every failed parse; the fallback only covers an empty list by type.
const NO_ISSUE = 'invalid value';

/** The first issue's message alone. */
export function issueMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? NO_ISSUE;
}

/** The first issue as "path: message", the path left out when the issue is about the value itself. */
export function issueWithPath(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return NO_ISSUE;
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
