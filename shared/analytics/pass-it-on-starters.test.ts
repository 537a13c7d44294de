import { describe, expect, it } from 'vitest';
import { askClause, inSentence, matchedPhrase, starterLine, type StarterReason } from './pass-it-on-starters';

const grace = { name: 'Grace Hopper' };
/** A reason whose highlight is `marked` inside `snippet`. */
function reason(field: StarterReason['field'], snippet: string, marked: string, extra: Partial<StarterReason> = {}): StarterReason {
  const start = snippet.indexOf(marked);
  if (start < 0) throw new Error(`"${marked}" is not in "${snippet}"`);
  return { field, snippet, ranges: [[start, start + marked.length]], ...extra };
}

describe('the starter line for each kind of reason', () => {
  it('turns an ask to speak to them, whatever its lead', () => {
    expect(starterLine(grace, reason('asks', 'asking about vector databases for her search product', 'vector'))).toBe(
      'Hi Grace, you mentioned you were asking about vector databases for your search product. This might help.',
    );
    expect(starterLine(grace, reason('asks', 'looking for a designer', 'designer'))).toBe(
      'Hi Grace, you mentioned you were looking for a designer. This might help.',
    );
    expect(askClause('wanting intros to climate investors')).toBe('you wanted intros to climate investors');
    expect(askClause('needing a lawyer for their startup.')).toBe('you needed a lawyer for your startup');
    expect(askClause('hiring a product designer')).toBe('you were hiring a product designer');
    expect(askClause('trying to find a flat in Lisbon')).toBe('you were trying to find a flat in Lisbon');
    expect(askClause('interested in meeting angel investors')).toBe('you were interested in meeting angel investors');
    expect(askClause('Searching for a co-founder who codes')).toBe('you were searching for a co-founder who codes');
    expect(askClause('asking for advice on pricing his course')).toBe('you were asking for advice on pricing your course');
    // Typed by hand: a bare thing, or a sentence about them.
    expect(askClause('A good accountant')).toBe('you were looking for a good accountant');
    expect(askClause('intros to climate investors')).toBe('you were looking for intros to climate investors');
    expect(askClause('wants someone to review her deck')).toBe('you wanted someone to review your deck');
    expect(askClause('is looking for a mentor herself')).toBe('you were looking for a mentor yourself');
  });

  it('names what they know, like, or were tagged with', () => {
    expect(starterLine(grace, reason('expertise', 'Distributed systems, Rust', 'Rust'))).toBe('Hi Grace, this made me think of your work on Rust.');
    expect(starterLine(grace, reason('expertise', 'Distributed systems, Rust', 'systems'))).toBe(
      'Hi Grace, this made me think of your work on distributed systems.',
    );
    expect(starterLine(grace, reason('interests', 'Chess, Vector databases', 'Vector'))).toBe(
      "Hi Grace, knowing your interest in vector databases, I thought you'd like this.",
    );
    expect(starterLine(grace, reason('interests', 'B2B SaaS', 'SaaS'))).toBe("Hi Grace, knowing your interest in B2B SaaS, I thought you'd like this.");
    expect(starterLine(grace, reason('tags', 'investor, Board games', 'Board games'))).toBe(
      "Hi Grace, I thought of you when I saw this: it's about board games.",
    );
  });

  it('recalls the conversation a note records, by its kind', () => {
    const snippet = 'Bob is moving his recipes app onto a vector database soon.';
    const both = { field: 'notes' as const, snippet, ranges: [[snippet.indexOf('vector'), snippet.indexOf('vector') + 6], [snippet.indexOf('database'), snippet.indexOf('database') + 8]] as [number, number][] };
    expect(starterLine(grace, { ...both, noteKind: 'coffee' })).toBe('Hi Grace, this reminded me of our chat over coffee about vector database.');
    expect(starterLine(grace, { ...both, noteKind: 'call' })).toBe('Hi Grace, this reminded me of our call about vector database.');
    expect(starterLine(grace, { ...both, noteKind: 'note' })).toBe('Hi Grace, this reminded me of when we talked about vector database.');
    expect(starterLine(grace, reason('notes', 'She loves Kubernetes operators.', 'Kube'))).toBe('Hi Grace, this reminded me of when we talked about kubernetes.');
  });

  it('names where they work, worked, studied or live', () => {
    expect(starterLine(grace, reason('org', 'Northwind Labs', 'Northwind'))).toBe('Hi Grace, I thought this might be useful at Northwind Labs.');
    expect(starterLine(grace, reason('pastOrgs', 'Acme, Globex', 'Globex'))).toBe('Hi Grace, this made me think of your time at Globex.');
    expect(starterLine(grace, reason('role', 'Senior Product Designer', 'Designer'))).toBe(
      'Hi Grace, I thought this might be useful to you as a senior product designer.',
    );
    expect(starterLine(grace, reason('role', 'Engineering Manager', 'Engineering'))).toBe(
      'Hi Grace, I thought this might be useful to you as an engineering manager.',
    );
    expect(starterLine(grace, reason('role', 'CTO', 'CTO'))).toBe('Hi Grace, I thought this might be useful to you as a CTO.');
    expect(starterLine(grace, reason('function', 'Engineering', 'Engineering'))).toBe('Hi Grace, I thought this might be useful for your work in engineering.');
    expect(starterLine(grace, reason('schools', 'Universidade de Lisboa', 'Lisboa'))).toBe('Hi Grace, this made me think of your time at Universidade de Lisboa.');
    expect(starterLine(grace, reason('location', 'Lisbon, Portugal', 'Lisbon'))).toBe("Hi Grace, I thought of you since you're in Lisbon, Portugal.");
    expect(starterLine(grace, reason('hometown', 'Porto', 'Porto'))).toBe("Hi Grace, I thought of you since you're from Porto.");
  });

  it('has a line with no reason to name, and uses the first name only', () => {
    expect(starterLine(grace, undefined)).toBe('Hi Grace, I thought you might like this.');
    expect(starterLine({ name: '  Ada  ' }, undefined)).toBe('Hi Ada, I thought you might like this.');
  });

  it('keeps names as written inside a sentence, lower-casing only plain phrases', () => {
    expect(inSentence('Design systems')).toBe('design systems');
    expect(inSentence('Kubernetes')).toBe('Kubernetes');
    expect(inSentence('New York')).toBe('New York');
    expect(matchedPhrase('Talked about Vector Databases today', [[13, 19], [20, 29]])).toBe('vector databases');
    expect(matchedPhrase('vector stores and databases', [[0, 6], [18, 27]])).toBe('vector');
    expect(matchedPhrase('anything', [])).toBe('');
  });
});
