import fs from 'node:fs';
import { loadKnowledgeData } from '../../../knowledge/loader';
import { DEFAULT_KNOWLEDGE_DIR, EVALUATION_SET } from '../../../knowledge/paths';
import { LANGUAGES } from '../../../knowledge/schema';
import { askedTexts, Corpus } from '../../../knowledge/search/corpus';
import { CoverageRanker } from '../../../knowledge/search/coverageRanker';
import { PhrasingRanker } from '../../../knowledge/search/phrasingRanker';
import { QueryAnalysis } from '../../../knowledge/search/queryAnalysis';
import { TypoCorrector } from '../../../knowledge/search/typos';
import type { AnalyzedQuery } from '../../../knowledge/search/types';
import { TextAnalyzer } from '../../../knowledge/text/analyzer';
import { SynonymLexicon } from '../../../knowledge/text/synonyms';

const data = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);
const lexicon = new SynonymLexicon(data.synonyms);
const corpus = new Corpus(data.entries, new TextAnalyzer(lexicon, data.fillers));
const analysis = new QueryAnalysis(corpus, lexicon, new TypoCorrector(corpus));
const queries = (JSON.parse(fs.readFileSync(EVALUATION_SET, 'utf8')) as { q: string }[]).map(({ q }) => analysis.analyze(q));

// The rankers as they were before postings: a scan over every entry (and phrasing) per query unit.
function scannedCoverage(query: AnalyzedQuery): Map<string, number> {
  const scores = new Map<string, number>();
  const total = query.units.reduce((sum, unit) => sum + unit.weight, 0);
  if (total === 0) return scores;
  for (const { entry } of corpus.entries) {
    const core = new Set(LANGUAGES.flatMap((language) => askedTexts(entry, language).flatMap((text) => corpus.analyzer.indexTerms(text, language))));
    const answer = new Set(LANGUAGES.flatMap((language) => corpus.analyzer.indexTerms(entry[language].answer, language)));
    let covered = 0;
    for (const unit of query.units) {
      if (unit.keys.some((key) => core.has(key))) covered += unit.weight;
      else if (unit.keys.some((key) => answer.has(key))) covered += unit.weight * 0.5;
    }
    if (covered > 0) scores.set(entry.id, covered / total);
  }
  return scores;
}

function scannedPhrasing(query: AnalyzedQuery): Map<string, number> {
  const scores = new Map<string, number>();
  const queryWeight = query.units.reduce((sum, unit) => sum + unit.weight, 0);
  if (queryWeight === 0) return scores;
  for (const { entry } of corpus.entries) {
    let best = 0;
    for (const language of LANGUAGES) {
      for (const text of askedTexts(entry, language)) {
        const terms = new Set(corpus.analyzer.indexTerms(text, language));
        const weight = [...terms].reduce((sum, term) => sum + corpus.idf(term), 0);
        let shared = 0;
        for (const unit of query.units) if (unit.keys.some((key) => terms.has(key))) shared += unit.weight;
        best = Math.max(best, (2 * shared) / (queryWeight + weight));
      }
    }
    if (best > 0) scores.set(entry.id, Math.min(1, best));
  }
  return scores;
}

describe('rankers read through postings', () => {
  it('coverage scores every evaluation query exactly as a scan over every entry, in entry order', () => {
    const coverage = new CoverageRanker(corpus);
    for (const query of queries) expect([...coverage.rank(query)]).toEqual([...scannedCoverage(query)]);
  });

  it('phrasing scores every evaluation query exactly as a scan over every phrasing, in entry order', () => {
    const phrasing = new PhrasingRanker(corpus);
    for (const query of queries) expect([...phrasing.rank(query)]).toEqual([...scannedPhrasing(query)]);
  });
});
