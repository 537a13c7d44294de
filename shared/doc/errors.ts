import type { z } from 'zod';

/** Input that breaks a rule; `field` says where, so a form can show it inline. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** The first problem zod found, as a sentence for a person. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The value is not valid';
  return issue.message;
}
