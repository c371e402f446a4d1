import type { Server } from 'restify';
import type { KnowledgeBase } from '../../knowledge';
import type { KnowledgeEditor } from '../../knowledge/editing';
import type { Database } from '../storage/database';
import type { StaffGuard } from '../staff/identity';
import { registerSuggestionAcceptanceRoute } from './acceptanceRoute';
import { CandidatePhrasings } from './candidatePhrasings';
import { SqlSuggestions } from './sqlSuggestions';
import { registerCandidateRoutes } from './staffRoutes';
import { bestEffortSuggestions, type SuggestionFailureLog, type SuggestionRecorder } from './types';

export interface SuggestionsModuleDeps {
  database: Database;
  logger: SuggestionFailureLog;
  now?: () => Date;
}

/** Accepted "did you mean" suggestions: the recorder the bot and widget call, and the staff's candidate phrasings. */
export interface SuggestionsModule {
  /** Never rejects (failures are logged). */
  readonly recorder: SuggestionRecorder;
  readonly store: SqlSuggestions;
  /** `POST /api/faq/:id/suggestion` (public, the widget). */
  registerPublicRoute(server: Server, knowledge: () => KnowledgeBase): void;
  /** `/api/knowledge/candidates…` behind the knowledge editing guard; needs the editor (no fixed knowledge base). */
  registerStaffRoutes(server: Server, editor: KnowledgeEditor, requireStaff: StaffGuard, knowledge: () => KnowledgeBase): void;
}

/** Wires the SQL store → best-effort recorder → routes. */
export function createSuggestionsModule(deps: SuggestionsModuleDeps): SuggestionsModule {
  const store = new SqlSuggestions(deps.database, deps.now);
  const recorder = bestEffortSuggestions(store, deps.logger);
  return {
    recorder,
    store,
    registerPublicRoute(server, knowledge) {
      registerSuggestionAcceptanceRoute(server, knowledge, recorder);
    },
    registerStaffRoutes(server, editor, requireStaff, knowledge) {
      registerCandidateRoutes(server, { candidates: new CandidatePhrasings(store, editor), requireStaff, knowledge });
    },
  };
}
