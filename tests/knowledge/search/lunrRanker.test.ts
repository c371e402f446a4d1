import fs from 'node:fs';
import { loadKnowledgeData } from '../../../knowledge/loader';
import { DEFAULT_KNOWLEDGE_DIR, EVALUATION_SET, GENERALISATION_SET } from '../../../knowledge/paths';
import { LANGUAGES, type FaqEntry } from '../../../knowledge/schema';
import { askedTexts, Corpus } from '../../../knowledge/search/corpus';
import { LunrRanker, type LunrResult } from '../../../knowledge/search/lunrRanker';
import { QueryAnalysis } from '../../../knowledge/search/queryAnalysis';
import { TypoCorrector } from '../../../knowledge/search/typos';
import type { AnalyzedQuery } from '../../../knowledge/search/types';
import { TextAnalyzer } from '../../../knowledge/text/analyzer';
import { lunr } from '../../../knowledge/text/lunrLanguages';
import { SynonymLexicon } from '../../../knowledge/text/synonyms';
import { generatedKnowledge } from '../../../bench/generated/generatedKnowledge';

/** The lunr index the ranker replaced, built and queried exactly as it was (the oracle). */
function lunrOracle(entries: readonly FaqEntry[], analyzer: TextAnalyzer): (query: AnalyzedQuery) => LunrResult[] {
  const index = lunr(function () {
    this.pipeline.reset();
    this.searchPipeline.reset();
    this.ref('id');
    this.field('core');
    this.field('answer', { boost: 0.3 });
    for (const entry of entries) {
      const core = LANGUAGES.flatMap((language) => askedTexts(entry, language).flatMap((text) => analyzer.indexTerms(text, language)));
      const answer = LANGUAGES.flatMap((language) => analyzer.indexTerms(entry[language].answer, language));
      this.add({ id: entry.id, core, answer });
    }
  });
  const vocabulary = (index as unknown as { invertedIndex: object }).invertedIndex;
  return (query) => {
    const terms = [...new Set(query.units.flatMap((unit) => unit.keys))].filter((term) => Object.hasOwn(vocabulary, term));
    if (terms.length === 0) return [];
    return index
      .query((q) => {
        for (const term of terms) q.term(term, { usePipeline: false, wildcard: lunr.Query.wildcard.NONE });
      })
      .map(({ ref, score }) => ({ ref, score }));
  };
}

/**
 * Best first, ties by id. lunr adds a query's term weights in its term-number order, the
 * ranker in query order: sums may differ in the last bit, so scores are compared to 1e-12.
 */
function ranking(results: readonly LunrResult[]): { ref: string; score: number }[] {
  return results
    .map(({ ref, score }) => ({ ref, score: Math.round(score * 1e9) / 1e9 }))
    .sort((a, b) => b.score - a.score || a.ref.localeCompare(b.ref));
}

const base = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);
const questions = [EVALUATION_SET, GENERALISATION_SET].flatMap((file) =>
  (JSON.parse(fs.readFileSync(file, 'utf8')) as { q: string }[]).map(({ q }) => q),
);

describe('LunrRanker', () => {
  it.each([
    ['the real knowledge base', base.entries],
    ['200 generated entries', generatedKnowledge(base, { entries: 200 }).entries],
  ])('scores every evaluation and generalisation question as lunr did, on %s', (_, entries) => {
    const lexicon = new SynonymLexicon(base.synonyms);
    const analyzer = new TextAnalyzer(lexicon, base.fillers);
    const corpus = new Corpus(entries, analyzer);
    const analysis = new QueryAnalysis(corpus, lexicon, new TypoCorrector(corpus));
    const ranker = new LunrRanker(corpus);
    const oracle = lunrOracle(entries, analyzer);
    let compared = 0;
    const differences: string[] = [];
    for (const question of questions) {
      const query = analysis.analyze(question);
      const expected = oracle(query);
      const actual = ranker.rawScores(query);
      const byRef = new Map(expected.map((r) => [r.ref, r.score]));
      const sameRanking = JSON.stringify(ranking(actual)) === JSON.stringify(ranking(expected));
      const drift = Math.max(0, ...actual.map(({ ref, score }) => Math.abs(score - (byRef.get(ref) ?? Infinity))));
      if (!sameRanking || drift >= 1e-12) differences.push(`${question}: ${JSON.stringify({ sameRanking, drift })}`);
      compared += expected.length;
    }
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(questions.length);
  });
});
