import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, getPerson, updatePerson, validatePersonField } from './people';
import { ValidationError } from './errors';
import { LOCAL_UI } from './origins';

describe("a person's links", () => {
  it('are web addresses: http and https only', () => {
    expect(validatePersonField('links', [' https://example.com/ada ', 'http://ada.dev'])).toEqual(['https://example.com/ada', 'http://ada.dev']);
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(document.cookie)', 'data:text/html,<script>x</script>', 'file:///etc/passwd',
      'mailto:ada@example.com', 'vbscript:msgbox', 'example.com', 'https://']) {
      expect(() => validatePersonField('links', [bad]), bad).toThrow('A link is a web address that starts with https:// or http://');
    }
  });

  it('refuse a javascript: link and keep the ones already saved', () => {
    const doc = new Y.Doc();
    const ada = createPerson(doc, { name: 'Ada', links: ['https://example.com/ada'] }, LOCAL_UI);
    const before = Y.encodeStateVector(doc);
    expect(() => updatePerson(doc, ada, 'links', ['https://example.com/ada', 'javascript:alert(1)'], LOCAL_UI)).toThrow(ValidationError);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(getPerson(doc, ada)?.links).toEqual(['https://example.com/ada']);
    expect(() => createPerson(doc, { name: 'Eve', links: ['javascript:alert(1)'] }, LOCAL_UI)).toThrow(ValidationError);
  });
});
