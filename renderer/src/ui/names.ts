// Names in running text live in shared/ so the readers worker words palette entries as the window does.
export { firstName, graphemes, SHORT_NAME, shortName } from '../../../shared/doc/names';
