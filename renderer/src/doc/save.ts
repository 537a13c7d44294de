import { ValidationError } from '../../../shared/doc/errors';

/**
 * Runs a validated write; a ValidationError becomes the message to show
 * beside the field (and nothing was written). Any other error is a bug and
 * is thrown on.
 */
export function saveWith(write: () => void): string | null {
  try {
    write();
    return null;
  } catch (error) {
    if (error instanceof ValidationError) return error.message;
    throw error;
  }
}
