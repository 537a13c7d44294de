/** Networks the restore tests back up and restore into (tests only). */
import * as Y from 'yjs';
import { createPerson } from '../../../../shared/doc/people';
import { createLink } from '../../../../shared/doc/links';
import { createNote } from '../../../../shared/doc/notes';
import { LOCAL_UI, MIGRATION } from '../../../../shared/doc/origins';
import { migrate } from '../../../../shared/doc/schema';
import { writeSlices, type SlicedWriter } from '../../doc/sliced-write';

/** A network of `count` people, every second one linked to the first, with a note. */
export function network(count = 3): Y.Doc {
  const doc = new Y.Doc();
  migrate(doc, MIGRATION);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(createPerson(doc, { name: `Person ${i} Brightwater`, emails: [`p${i}@brightwater.example`], tags: ['river'] }, LOCAL_UI));
  for (let i = 1; i < count; i += 2) createLink(doc, { from: ids[0]!, to: ids[i]!, kind: 'knows' }, LOCAL_UI);
  createNote(doc, { contactIds: [ids[0]!], kind: 'call', text: 'Talked rivers.' }, LOCAL_UI);
  return doc;
}

/** What writes into `doc` as the window's DocStore does: in slices, one per task, as one step of `undoManager` (sliced-write.ts). */
export function writerFor(doc: Y.Doc, undoManager?: Y.UndoManager): SlicedWriter {
  return { doc, writeSlices: (slices, options) => writeSlices(doc, slices, { ...options, undoManager }) };
}

export function emptyNetwork(): Y.Doc {
  const doc = new Y.Doc();
  migrate(doc, MIGRATION);
  return doc;
}
