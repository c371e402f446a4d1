import { KnowledgeEditError, type ChangeResult, type KnowledgeEditor } from '../../knowledge/editing';
import type { CandidateRef, SqlSuggestions } from './sqlSuggestions';
import type { CandidatePhrasing } from './types';

/**
 * The staff side of accepted suggestions (Azure question answering's "active learning"): the
 * questions suppliers asked before taking a suggested entry, to approve as phrasings of that entry
 * or dismiss. Approving goes through the editor's phrasing change, so it is validated, recorded in
 * the entry's history, live at once for a published entry, and the evaluation set is re-run.
 */
export class CandidatePhrasings {
  constructor(
    private readonly store: SqlSuggestions,
    private readonly editor: KnowledgeEditor,
  ) {}

  list(entryId?: string): Promise<CandidatePhrasing[]> {
    return this.store.candidates(entryId);
  }

  /** Adds the candidate's question as a phrasing of its entry, in its language, then marks it decided. */
  async approve(ref: CandidateRef, author: string): Promise<ChangeResult & { added: readonly string[] }> {
    const candidate = await this.found(ref);
    const result = await this.editor.addPhrasings(ref.entryId, { lang: ref.lang, phrasings: [candidate.text] }, author);
    await this.store.decide(ref, true, author);
    return result;
  }

  /** Drops the candidate from the list without changing the entry. */
  async dismiss(ref: CandidateRef, author: string): Promise<void> {
    await this.found(ref);
    await this.store.decide(ref, false, author);
  }

  private async found(ref: CandidateRef): Promise<CandidatePhrasing> {
    const candidate = await this.store.candidate(ref);
    if (!candidate) throw new KnowledgeEditError('not_found', `no candidate phrasing ${JSON.stringify(ref.key)} for entry "${ref.entryId}" in ${ref.lang}`);
    return candidate;
  }
}
