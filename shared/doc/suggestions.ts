/**
 * The values already used in a person's fields, offered again as one types
 * in another person's (organisations, places, tags…). Read over everyone by
 * the readers worker (shared/readers/), not by the window.
 */
import type { PersonField, PersonValues } from './people';

/** Fields whose values are offered again as suggestions when typing elsewhere. */
export const SUGGESTED_FIELDS = [
  'org',
  'function',
  'location',
  'tags',
  'interests',
  'expertise',
  'schools',
  'hometown',
  'pastOrgs',
] as const satisfies readonly PersonField[];
export type SuggestedField = (typeof SUGGESTED_FIELDS)[number];
export type Suggestions = Record<SuggestedField, string[]>;

/** Every value already used in these fields, most used first (case-insensitive counts, first spelling wins). */
export function collectSuggestions(profiles: Partial<PersonValues>[]): Suggestions {
  const result = {} as Suggestions;
  for (const field of SUGGESTED_FIELDS) {
    const counts = new Map<string, { value: string; count: number }>();
    for (const profile of profiles) {
      const raw = profile[field];
      for (const value of Array.isArray(raw) ? raw : raw ? [raw] : []) {
        const key = value.toLocaleLowerCase();
        const entry = counts.get(key);
        if (entry) entry.count++;
        else counts.set(key, { value, count: 1 });
      }
    }
    result[field] = [...counts.values()]
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
      .map((entry) => entry.value);
  }
  return result;
}

