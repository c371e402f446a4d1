import { lunr } from '../text/lunrLanguages';
import { LANGUAGES } from '../schema';
import { askedTexts, type Corpus } from './corpus';
import type { AnalyzedQuery, Ranker } from './types';

/** Answers are long and mention neighbouring topics: their words count for less. */
const ANSWER_BOOST = 0.3;

/**
 * BM25 ranking with lunr. Documents and queries go through the project's own pipeline
 * (accent folding, synonyms, French and English stemming), so lunr's is switched off
 * and it receives ready-made terms. Scores are divided by the best one: relative, in [0, 1].
 */
export class LunrRanker implements Ranker {
  private readonly index: lunr.Index;
  /** lunr's own term → postings map (an `Index` field its typings omit): the terms it can match. */
  private readonly vocabulary: object;

  constructor(corpus: Corpus) {
    this.index = lunr(function () {
      this.pipeline.reset();
      this.searchPipeline.reset();
      this.ref('id');
      this.field('core');
      this.field('answer', { boost: ANSWER_BOOST });
      for (const { entry } of corpus.entries) {
        const core = LANGUAGES.flatMap((language) =>
          askedTexts(entry, language).flatMap((text) => corpus.analyzer.indexTerms(text, language)),
        );
        const answer = LANGUAGES.flatMap((language) => corpus.analyzer.indexTerms(entry[language].answer, language));
        this.add({ id: entry.id, core, answer });
      }
    });
    this.vocabulary = (this.index as unknown as { invertedIndex: object }).invertedIndex;
  }

  rank(query: AnalyzedQuery): Map<string, number> {
    const scores = new Map<string, number>();
    const results = this.rawScores(query);
    const best = results[0]?.score ?? 0;
    if (best <= 0) return scores;
    for (const result of results) scores.set(result.ref, result.score / best);
    return scores;
  }

  /** Unnormalized BM25 scores, best first (the lunr-only baseline judges confidence on them). */
  rawScores(query: AnalyzedQuery): lunr.Index.Result[] {
    // A term outside lunr's vocabulary matches nothing and adds nothing to the query vector, but
    // still costs a token-set intersection: leave it out. ("*" would be a wildcard to lunr: kept.)
    const terms = [...new Set(query.units.flatMap((unit) => unit.keys))].filter(
      (term) => Object.hasOwn(this.vocabulary, term) || term.includes('*'),
    );
    if (terms.length === 0) return [];
    return this.index.query((q) => {
      for (const term of terms) q.term(term, { usePipeline: false, wildcard: lunr.Query.wildcard.NONE });
    });
  }
}
