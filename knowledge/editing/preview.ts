import type { KnowledgeBase } from '../knowledgeBase';
import type { FaqEntry, Language } from '../schema';
import type { SearchResponse } from '../search/types';
import { entryNotFound, KnowledgeEditError, parseDraft, type DraftEntry } from './draft';
import type { LiveKnowledge } from './liveKnowledge';
import type { EvaluationDelta, EvaluationFigures, KnowledgeRepository } from './repository';

/** What to preview: a query against the live index changed by drafts, stored entries and exclusions. */
export interface PreviewRequest {
  readonly query: string;
  /** Entries as staff are writing them, parsed here (a broken one is refused naming `drafts.<i>.<field>`). */
  readonly drafts?: readonly unknown[];
  /** Stored entries (published or not) to include as they are saved. */
  readonly include?: readonly string[];
  /** Live entries to leave out, as if unpublished. */
  readonly exclude?: readonly string[];
  readonly lang?: Language;
  /** How many hits to show (5 unless given). */
  readonly top?: number;
  /** Also run the evaluation set with the drafts applied (about half a second). */
  readonly evaluate?: boolean;
}

/** A search result as the preview shows it. */
export interface PreviewHit {
  readonly id: string;
  readonly score: number;
  readonly question: string;
}

export interface PreviewAnswer {
  readonly lang: Language;
  readonly confident: boolean;
  readonly ambiguous: boolean;
  readonly hits: readonly PreviewHit[];
}

/** What a query returns now and what it would return with the drafts applied. */
export interface PreviewResult {
  readonly query: string;
  readonly live: PreviewAnswer;
  readonly preview: PreviewAnswer;
  /** The evaluation set on the live index (before) and with the drafts (after); null without a set. */
  readonly evaluation: EvaluationDelta | null;
}

/** What a preview reads: the stored entries, the live index, and the evaluation (null without a set). */
export interface PreviewSources {
  readonly repository: KnowledgeRepository;
  readonly live: LiveKnowledge;
  readonly evaluationOf: ((knowledgeBase: KnowledgeBase) => EvaluationFigures) | null;
}

/** Runs the query on the live index and on a candidate index built with the request's changes; nothing is saved. */
export async function previewChanges(sources: PreviewSources, request: PreviewRequest): Promise<PreviewResult> {
  const drafts = (request.drafts ?? []).map((draft, i) => parseDraft(draft, `drafts.${i}`));
  const included: DraftEntry[] = [];
  for (const id of request.include ?? []) {
    const stored = await sources.repository.entry(id);
    if (!stored) throw entryNotFound(id);
    included.push(stored.content);
  }
  const current = sources.live.current();
  const byId = new Map<string, FaqEntry>(current.entries.map((entry) => [entry.id, entry]));
  for (const id of request.exclude ?? []) byId.delete(id);
  for (const [i, draft] of [...included, ...drafts].entries()) byId.set(draft.id, searchable(draft, i));
  const candidate = sources.live.build({ ...sources.live.files, entries: [...byId.values()] });
  const options = { lang: request.lang, top: request.top ?? 5 };
  const evaluationOf = request.evaluate ? sources.evaluationOf : null;
  return {
    query: request.query,
    live: previewAnswer(current.search(request.query, options)),
    preview: previewAnswer(candidate.search(request.query, options)),
    evaluation: evaluationOf ? { before: evaluationOf(current), after: evaluationOf(candidate) } : null,
  };
}

/**
 * A draft as the search can index it. A language not written yet borrows the other one's
 * text, so a half-written entry can be previewed (queries in that language then match it
 * only through shared words).
 */
function searchable(draft: DraftEntry, index: number): FaqEntry {
  const fr = draft.fr ?? draft.en;
  const en = draft.en ?? draft.fr;
  if (!fr || !en) {
    throw new KnowledgeEditError('invalid', `entry "${draft.id}": field "drafts.${index}.fr" or "en" is needed to preview it`, `drafts.${index}.fr`);
  }
  return { ...draft, fr, en };
}

function previewAnswer(response: SearchResponse): PreviewAnswer {
  return {
    lang: response.lang,
    confident: response.confident,
    ambiguous: response.ambiguous,
    hits: response.hits.map((hit) => ({ id: hit.entry.id, score: hit.score, question: hit.entry[response.lang].question })),
  };
}
