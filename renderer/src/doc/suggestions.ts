// The field suggestions the views take, as the readers worker answers them (shared/doc/suggestions.ts).
export type { Suggestions } from '../../../shared/doc/suggestions';
