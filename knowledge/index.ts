/** The knowledge module's facade: the FAQ, its search and its evaluation. */
export { KnowledgeBase, DEFAULT_KNOWLEDGE_BASE_OPTIONS } from './knowledgeBase';
export type { KnowledgeBaseOptions, LocalizedEntryView } from './knowledgeBase';
export { loadKnowledgeData, KnowledgeFileError } from './loader';
export { LANGUAGES, JOURNEYS } from './schema';
export type { FaqEntry, Language, JourneyId, KnowledgeData, Category } from './schema';
export type { SearchOptions, SearchResponse, SearchHit, SearchStrategy, SearchMode } from './search/types';
export { evaluate, labelledQueriesSchema } from './evaluation';
export type { EvaluationReport, LabelledQuery } from './evaluation';
