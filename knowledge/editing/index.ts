/** Knowledge-base editing: entries in a database with their history, a live index swapped after each change, TSV exchange. */
export { draftEntrySchema, invalid, KnowledgeEditError, parseDraft, toPublishable, canonicalEntry } from './draft';
export type { DraftEntry, KnowledgeEditErrorKind } from './draft';
export { InProcessKnowledgeChanges } from './changes';
export type { KnowledgeChanges } from './changes';
export { CHANGE_KINDS } from './repository';
export type {
  ChangeKind,
  ChangeRecord,
  EntryWrite,
  EvaluationDelta,
  EvaluationFigures,
  KnowledgeRepository,
  KnowledgeSnapshot,
  StoredEntry,
} from './repository';
export { LiveKnowledge, liveData } from './liveKnowledge';
export type { KnowledgeFiles, LiveKnowledgeOptions } from './liveKnowledge';
export { KnowledgeEditor } from './editor';
export type { KnowledgeEditorOptions } from './editor';
export type { ChangeResult } from './commit';
export type { EntrySummary } from './entrySummary';
export type { PhrasingsToAdd } from './phrasings';
export type { PreviewAnswer, PreviewHit, PreviewRequest, PreviewResult } from './preview';
export { seedKnowledge, SEED_AUTHOR } from './seed';
export { toTsv, fromTsv, TsvImportError, TSV_COLUMNS } from './tsv';
export type { TsvIssue } from './tsv';
export { entryFileText, writeKnowledgeFiles } from './files';
export type { FilesWritten } from './files';
